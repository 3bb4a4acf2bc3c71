import { describe, expect, it } from 'vitest';
import { minimiseLbfgs, type Smooth } from './lbfgs';

/** f(x) = Σ_i a_i (x_i − c_i)² + 0.5 (x_0 − x_1)²: convex, ill-conditioned (a from 0.01 to 100), minimum where the gradient is 0. */
const quadratic: Smooth = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i < x.length; i++) {
    const a = 10 ** (-2 + (4 * i) / (x.length - 1));
    f += a * (x[i] - i) ** 2;
    g[i] += 2 * a * (x[i] - i);
  }
  f += 0.5 * (x[0] - x[1]) ** 2;
  g[0] += x[0] - x[1];
  g[1] -= x[0] - x[1];
  return f;
};

/** Rosenbrock's valley (not convex): the line search keeps every step a descent, minimum at (1, 1). */
const rosenbrock: Smooth = (x, g) => {
  const [a, b] = [x[0], x[1]];
  g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
  g[1] = 200 * (b - a * a);
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};

describe('L-BFGS', () => {
  it('finds an ill-conditioned quadratic\'s minimum (the linear system solved by hand)', () => {
    const n = 6;
    const fit = minimiseLbfgs(quadratic, new Float64Array(n), { tolerance: 1e-12 });
    expect(fit.converged).toBe(true);
    // Rows 2..5 decouple: x_i = i. Rows 0 and 1: (2a0 + 1) x0 − x1 = 0, −x0 + (2a1 + 1) x1 = 2a1.
    const a0 = 0.01;
    const a1 = 10 ** (-2 + 4 / 5);
    const x1 = (2 * a1) / (2 * a1 + 1 - 1 / (2 * a0 + 1));
    const x0 = x1 / (2 * a0 + 1);
    const expected = [x0, x1, 2, 3, 4, 5];
    fit.x.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 8));
  });

  it('walks Rosenbrock\'s valley to (1, 1) with every accepted step lowering f', () => {
    const seen: number[] = [];
    const f: Smooth = (x, g) => rosenbrock(x, g);
    const fit = minimiseLbfgs((x, g) => {
      const v = f(x, g);
      seen.push(v);
      return v;
    }, Float64Array.from([-1.2, 1]), { maxIterations: 2000, tolerance: 1e-10 });
    expect(fit.converged).toBe(true);
    expect(fit.x[0]).toBeCloseTo(1, 5);
    expect(fit.x[1]).toBeCloseTo(1, 5);
    expect(fit.value).toBeLessThan(seen[0]);
  });

  it('returns the start at once when its gradient is already 0, and leaves x0 as it was', () => {
    const x0 = Float64Array.from([0, 1, 2, 3]);
    const before = x0.slice();
    const fit = minimiseLbfgs((x, g) => {
      g.fill(0);
      for (let i = 0; i < x.length; i++) g[i] = 2 * (x[i] - i);
      return x.reduce((s, v, i) => s + (v - i) ** 2, 0);
    }, x0);
    expect(fit.iterations).toBe(0);
    expect(Array.from(x0)).toEqual(Array.from(before));
  });
});
