import { describe, expect, it } from 'vitest';
import { derivatives, fitLogistic, objective, type LogisticData } from './logistic';

/**
 * 60 users, 3 inputs, labels from a rule plus a deterministic "noise" term (not separable):
 * x_ij = sin(0.37·(i+1)·(j+1) + j), y_i = [sin(1.3·i) + x_i0 − 0.5·x_i2 > 0.2].
 */
function known(): LogisticData {
  const n = 60;
  const F = 3;
  const x = new Float64Array(n * F);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) x[i * F + j] = Math.sin(0.37 * (i + 1) * (j + 1) + j);
    y[i] = Math.sin(1.3 * i) + x[i * F] - 0.5 * x[i * F + 2] > 0.2 ? 1 : 0;
  }
  return { x, y, n, F };
}

/**
 * scikit-learn 1.2.1 on the same data (Debian's python3-sklearn):
 *   LogisticRegression(C=C, solver='newton-cg', tol=1e-12, max_iter=100000).fit(X, y)
 * (the default lbfgs solver stops 5e-6 short of this optimum; a plain Newton iteration in
 * NumPy agrees with these to 1e-14).
 */
const SKLEARN = [
  { C: 1, coef: [1.5813542640460192, 0.42961265866888737, -0.69872799210243], intercept: -0.46741527270670563 },
  { C: 0.1, coef: [0.6354035106764504, 0.16722592666614883, -0.29929761655394266], intercept: -0.28058004295923317 },
];

function maxAbsGradient(d: LogisticData, weights: Float64Array, intercept: number, C: number): number {
  const theta = Float64Array.from([...weights, intercept]);
  return Math.max(...derivatives(d, theta, C).gradient.map(Math.abs));
}

describe('logistic regression (scikit-learn objective, Newton)', () => {
  for (const { C, coef, intercept } of SKLEARN) {
    it(`C = ${C}: scikit-learn's coefficients, the objective's gradient 0`, () => {
      const d = known();
      const fit = fitLogistic(d, { C })!;
      expect(fit.converged).toBe(true);
      expect(fit.iterations).toBeLessThan(15);
      fit.weights.forEach((w, j) => expect(w).toBeCloseTo(coef[j], 9));
      expect(fit.intercept).toBeCloseTo(intercept, 9);
      expect(maxAbsGradient(d, fit.weights, fit.intercept, C)).toBeLessThan(1e-9);
    });
  }

  it('is the minimum: any small move raises the objective', () => {
    const d = known();
    const fit = fitLogistic(d)!;
    const theta = Float64Array.from([...fit.weights, fit.intercept]);
    const f = objective(d, theta, 1);
    for (let j = 0; j < theta.length; j++) {
      for (const h of [1e-4, -1e-4]) {
        const moved = theta.slice();
        moved[j] += h;
        expect(objective(d, moved, 1)).toBeGreaterThan(f);
      }
    }
  });

  it('separable data: the L2 penalty keeps the solution finite', () => {
    const d: LogisticData = { x: Float64Array.from([-3, -2, -1, 1, 2, 3]), y: Float64Array.from([0, 0, 0, 1, 1, 1]), n: 6, F: 1 };
    const fit = fitLogistic(d)!;
    expect(fit.converged).toBe(true);
    // scikit-learn (newton-cg, tol 1e-12): coef 1.1044042835728793, intercept 1.7e-17.
    expect(fit.weights[0]).toBeCloseTo(1.1044042835728793, 9);
    expect(fit.intercept).toBeCloseTo(0, 9);
    expect(maxAbsGradient(d, fit.weights, fit.intercept, 1)).toBeLessThan(1e-9);
    // Far larger C: still finite, and the weight grows with it.
    const loose = fitLogistic(d, { C: 1e6 })!;
    expect(Number.isFinite(loose.weights[0]) && loose.weights[0] > fit.weights[0]).toBe(true);
  });

  it('many users and a heavy-tailed input: stops once the Newton decrement is at the objective\'s rounding, at the optimum', () => {
    // 3,000 users (the objective ~1,500, its rounding ~3e-13), one input exp(2·sin) as summary
    // sums are. Before the decrement test the line search could not see the last steps' gain:
    // this fit ran out its 100 iterations, not converged.
    const n = 3000;
    const F = 4;
    const x = new Float64Array(n * F);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < F; j++) x[i * F + j] = Math.sin(0.37 * (i + 1) * (j + 1) + j + 3);
      x[i * F + 3] = Math.exp(2 * x[i * F + 3]);
      y[i] = Math.sin(1.3 * i + 3) + x[i * F] - 0.5 * x[i * F + 2] > 0.2 ? 1 : 0;
    }
    const d: LogisticData = { x, y, n, F };
    const fit = fitLogistic(d)!;
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(12);
    // At the optimum as far as the objective can tell: what a gradient of 1e-5 could still gain
    // (~g²/curvature) is below its rounding, and any move of 1e-4 raises it.
    expect(maxAbsGradient(d, fit.weights, fit.intercept, 1)).toBeLessThan(1e-5);
    const theta = Float64Array.from([...fit.weights, fit.intercept]);
    const f = objective(d, theta, 1);
    theta.forEach((_, j) => [1e-4, -1e-4].forEach((h) => expect(objective(d, theta.map((v, i) => (i === j ? v + h : v)), 1)).toBeGreaterThan(f)));
  });

  it('an input constant over the users, and one class only', () => {
    const x = Float64Array.from([1, 0, 1, 1, 1, 2, 1, 3]);
    const fit = fitLogistic({ x, y: Float64Array.from([0, 1, 0, 1]), n: 4, F: 2 })!;
    expect(fit.converged).toBe(true);
    expect([...fit.weights, fit.intercept].every(Number.isFinite)).toBe(true);
    expect(fitLogistic({ x, y: Float64Array.from([1, 1, 1, 1]), n: 4, F: 2 })).toBeNull();
  });
});
