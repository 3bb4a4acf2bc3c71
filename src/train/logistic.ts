// L2-regularised logistic regression with scikit-learn's objective (LogisticRegression,
// penalty 'l2', default C = 1), so the baseline is the one an ML engineer would fit:
//   minimise  ½‖w‖² + C · Σ_i [ log(1 + e^{z_i}) − y_i·z_i ],   z_i = x_i·w + b   (b not penalised)
// by Newton's method in Float64: F is small (tens of inputs), so the (F+1)² Hessian is
// formed and solved by Cholesky each iteration, and a backtracking line search keeps every
// step a descent (the objective is convex but Newton's full step can overshoot far from the
// optimum). Converges in a handful of iterations to the optimum to rounding.

export interface LogisticFit {
  /** [F] weights on the inputs. */
  weights: Float64Array;
  intercept: number;
  iterations: number;
  /** The last step was below the tolerance (else the iteration cap was reached). */
  converged: boolean;
}

export interface LogisticOptions {
  /** Inverse regularisation strength (scikit-learn's C). */
  C?: number;
  maxIterations?: number;
  /** Stop when no coordinate moves by more than this (relative to the coefficients' size). */
  tolerance?: number;
}

/** Relative to the objective: a Newton decrement below this is at its rounding. */
const DECREMENT_FLOOR = 1e-12;

/** The inputs of a fit: n rows of F values (row-major) and n binary labels. */
export interface LogisticData {
  x: Float64Array;
  y: Float64Array;
  n: number;
  F: number;
}

function maxAbs(v: Float64Array): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

/** log(1 + e^z) without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** θ = [w_1..w_F, b]; z_i = x_i·w + b. */
function decision(d: LogisticData, theta: Float64Array, i: number): number {
  let z = theta[d.F];
  for (let j = 0; j < d.F; j++) z += d.x[i * d.F + j] * theta[j];
  return z;
}

export function objective(d: LogisticData, theta: Float64Array, C: number): number {
  let penalty = 0;
  for (let j = 0; j < d.F; j++) penalty += theta[j] * theta[j];
  let loss = 0;
  for (let i = 0; i < d.n; i++) {
    const z = decision(d, theta, i);
    loss += softplus(z) - d.y[i] * z;
  }
  return 0.5 * penalty + C * loss;
}

/** The objective's gradient [F + 1] and Hessian [(F + 1)²] at θ. */
export function derivatives(d: LogisticData, theta: Float64Array, C: number): { gradient: Float64Array; hessian: Float64Array } {
  const P = d.F + 1;
  const gradient = new Float64Array(P);
  const hessian = new Float64Array(P * P);
  const row = new Float64Array(P);
  row[d.F] = 1;
  for (let i = 0; i < d.n; i++) {
    for (let j = 0; j < d.F; j++) row[j] = d.x[i * d.F + j];
    const p = sigmoid(decision(d, theta, i));
    const r = C * (p - d.y[i]);
    const h = C * p * (1 - p);
    for (let a = 0; a < P; a++) {
      gradient[a] += r * row[a];
      // Lower triangle only; mirrored below.
      for (let b = 0; b <= a; b++) hessian[a * P + b] += h * row[a] * row[b];
    }
  }
  for (let j = 0; j < d.F; j++) {
    gradient[j] += theta[j];
    hessian[j * P + j] += 1;
  }
  for (let a = 0; a < P; a++) for (let b = 0; b < a; b++) hessian[b * P + a] = hessian[a * P + b];
  return { gradient, hessian };
}

/** Solves A·x = b for a symmetric positive definite A [P²] by Cholesky; null when A is not (numerically) positive definite. */
export function choleskySolve(A: Float64Array, b: Float64Array): Float64Array | null {
  const P = b.length;
  const L = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * P + j];
      for (let k = 0; k < j; k++) s -= L[i * P + k] * L[j * P + k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * P + i] = Math.sqrt(s);
      } else L[i * P + j] = s / L[j * P + j];
    }
  }
  const x = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * P + k] * x[k];
    x[i] = s / L[i * P + i];
  }
  for (let i = P - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < P; k++) s -= L[k * P + i] * x[k];
    x[i] = s / L[i * P + i];
  }
  return x;
}

/** The Newton direction H⁻¹g; a ridge is added when saturated users leave H (near) singular in the intercept. */
function newtonDirection(hessian: Float64Array, gradient: Float64Array): Float64Array {
  const P = gradient.length;
  let scale = 0;
  for (let a = 0; a < P; a++) scale = Math.max(scale, hessian[a * P + a]);
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 * scale : ridge * 100) {
    const damped = hessian.slice();
    for (let a = 0; a < P; a++) damped[a * P + a] += ridge;
    const step = choleskySolve(damped, gradient);
    if (step) return step;
    if (ridge > scale) throw new Error('Logistic regression: the Hessian is not positive definite.');
  }
}

/**
 * Fits the regression; null when the labels are of one class only (the unpenalised intercept
 * then has no finite optimum).
 */
export function fitLogistic(d: LogisticData, options: LogisticOptions = {}): LogisticFit | null {
  const { C = 1, maxIterations = 100, tolerance = 1e-10 } = options;
  let positives = 0;
  for (let i = 0; i < d.n; i++) positives += d.y[i] > 0.5 ? 1 : 0;
  if (positives === 0 || positives === d.n) return null;
  const theta = new Float64Array(d.F + 1);
  // Start at the weights 0 and the base rate's log-odds (the optimum without inputs).
  theta[d.F] = Math.log(positives / (d.n - positives));
  const result = (iterations: number, converged: boolean): LogisticFit => ({ weights: theta.slice(0, d.F), intercept: theta[d.F], iterations, converged });
  let f = objective(d, theta, C);
  for (let it = 1; it <= maxIterations; it++) {
    const { gradient, hessian } = derivatives(d, theta, C);
    const step = newtonDirection(hessian, gradient);
    // Near the optimum Newton's step is exact (quadratic convergence) and the objective's
    // change is below its rounding: take it and stop.
    if (maxAbs(step) <= tolerance * (1 + maxAbs(theta))) {
      theta.forEach((v, j) => (theta[j] = v - step[j]));
      return result(it, true);
    }
    // The Newton decrement gᵀH⁻¹g > 0: the step is a descent direction.
    const slope = step.reduce((a, s, j) => a + s * gradient[j], 0);
    // Half the decrement is what the step can still gain (Boyd & Vandenberghe §9.5.1). Below
    // the objective's rounding no line search can see a gain: stop here, taking the full step
    // only if it does not make the objective worse. (Without this test such a fit halved its
    // step 33 times an iteration until the iterations ran out: 28-100 iterations, 0.25 s for
    // one Online Retail task.)
    if (slope <= DECREMENT_FLOOR * (1 + Math.abs(f))) {
      const full = theta.map((v, j) => v - step[j]);
      if (objective(d, full, C) <= f) theta.set(full);
      return result(it, true);
    }
    // Backtracking (Armijo): halve the step until the objective falls enough.
    let t = 1;
    let next = theta.map((v, j) => v - step[j]);
    let fNext = objective(d, next, C);
    while (fNext > f - 1e-4 * t * slope && t > 1e-10) {
      t /= 2;
      next = theta.map((v, j) => v - t * step[j]);
      fNext = objective(d, next, C);
    }
    // No decrease along a descent direction of a convex objective: only rounding, at the
    // optimum, does that (then the decrement is at the objective's rounding level).
    if (!(fNext <= f)) return result(it, slope <= 1e-12 * (1 + Math.abs(f)));
    theta.set(next);
    f = fNext;
  }
  return result(maxIterations, false);
}
