// The built site's Content-Security-Policy forbids eval (scripts/csp.ts): reading a run must never compile code.
import { expect, it } from 'vitest';

it('reads links and run-spec files without compiling code (no new Function, which the policy reports)', async () => {
  const real = globalThis.Function;
  const compiled: string[] = [];
  const record = (args: unknown[]) => compiled.push(String(args.at(-1)));
  globalThis.Function = new Proxy(real, {
    construct: (target, args) => (record(args), Reflect.construct(target, args)),
    apply: (target, self, args) => (record(args), Reflect.apply(target, self, args)),
  });
  try {
    // Imported only now, so that zod's one-time probe for eval runs under the watch.
    const { decodeAny, encodeHash, fromJson, toJson } = await import('./link');
    const { defaultSpec } = await import('./runSpec');
    expect(decodeAny(encodeHash(defaultSpec())).rejected).toEqual([]);
    expect(fromJson(toJson(defaultSpec('software'))).rejected).toEqual([]);
  } finally {
    globalThis.Function = real;
  }
  expect(compiled).toEqual([]);
});
