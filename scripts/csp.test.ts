// The built site's policy names no other origin: every source is the page's own, or data held in the page.
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES } from './csp';

const IN_PAGE = new Set(["'self'", "'none'", 'data:', 'blob:']);

describe('Content-Security-Policy of the built site', () => {
  it('lets the page reach its own origin only', () => {
    for (const [directive, sources] of Object.entries(CSP_DIRECTIVES)) {
      const away = sources.filter((s) => !IN_PAGE.has(s) && !(directive === 'style-src' && s === "'unsafe-inline'"));
      expect(away, directive).toEqual([]);
    }
    expect(CSP_DIRECTIVES['default-src']).toEqual(["'self'"]);
    expect(CSP_DIRECTIVES['connect-src']).toEqual(["'self'"]);
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'; ");
  });
});
