import { expect } from 'vitest';

/** Norm-wise relative error ‖a − b‖∞ / ‖b‖∞ (the absolute error where b is all zero). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Expects `actual` to match `expected` to `tolerance` in norm-wise relative error. */
export function expectClose(what: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-5): void {
  const err = relativeError(actual, expected);
  expect(err, `${what}: relative error ${err.toExponential(2)}`).toBeLessThanOrEqual(tolerance);
}
