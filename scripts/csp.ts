// The Content-Security-Policy of the built site: the page may load and contact its own origin
// only, so neither the app nor anything injected into it can send a user's log anywhere.
// It goes into the built index.html as a meta tag (any static host honours it) and, where we
// serve the build ourselves (vite preview, scripts/staticServer.ts), also as a response
// header, which covers the training worker too: a worker follows the policy of its own
// script's response, not the page's meta tag. Not in the dev server: Vite's HMR needs inline
// scripts and a websocket.
import type { Plugin } from 'vite';

/** Directive → sources. No host, scheme wildcard or `*` may appear here (csp.test.ts checks). */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // The training worker is a module file of the build.
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  // React and recharts set inline style attributes.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Chart and run downloads are data: / blob: URLs made in the page.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** Writes the policy into the built index.html, first in <head> so it governs everything after it. */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'supermoe-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}
