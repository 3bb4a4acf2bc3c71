// Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, Alg. 7.4 and 7.5) in Float64
// for smooth convex objectives with too many parameters for Newton's method (logistic.ts forms
// the (F+1)² Hessian; the value weights of a bag of items have thousands of parameters). The
// step is the two-loop recursion's direction with a backtracking (Armijo) line search, so every
// accepted step lowers the objective.

/** f(x), writing ∇f(x) into `gradient`. */
export type Smooth = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Curvature pairs kept (m). */
  memory?: number;
  maxIterations?: number;
  /** Converged when max |∇f| ≤ tolerance × max(1, |f|). */
  tolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

const maxAbs = (v: Float64Array): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/** The quasi-Newton direction −H·g from the kept pairs (s, y), H₀ = γI with γ = sᵀy / yᵀy of the newest pair. */
function direction(g: Float64Array, pairs: { s: Float64Array; y: Float64Array; rho: number }[]): Float64Array {
  const q = g.slice();
  const alpha = new Float64Array(pairs.length);
  for (let i = pairs.length - 1; i >= 0; i--) {
    const { s, y, rho } = pairs[i];
    alpha[i] = rho * dot(s, q);
    for (let j = 0; j < q.length; j++) q[j] -= alpha[i] * y[j];
  }
  const newest = pairs.at(-1);
  const gamma = newest ? dot(newest.s, newest.y) / dot(newest.y, newest.y) : 1 / Math.max(1, maxAbs(g));
  for (let j = 0; j < q.length; j++) q[j] *= gamma;
  for (let i = 0; i < pairs.length; i++) {
    const { s, y, rho } = pairs[i];
    const beta = rho * dot(y, q);
    for (let j = 0; j < q.length; j++) q[j] += s[j] * (alpha[i] - beta);
  }
  return q.map((v) => -v);
}

/** Minimises `f` from `x0` (not changed). */
export function minimiseLbfgs(f: Smooth, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { memory = 10, maxIterations = 500, tolerance = 1e-7 } = options;
  const P = x0.length;
  let x = x0.slice();
  let g = new Float64Array(P);
  let value = f(x, g);
  const pairs: { s: Float64Array; y: Float64Array; rho: number }[] = [];
  const done = (iterations: number, converged: boolean): LbfgsResult => ({ x, value, iterations, converged });
  for (let it = 0; it < maxIterations; it++) {
    if (maxAbs(g) <= tolerance * Math.max(1, Math.abs(value))) return done(it, true);
    let d = direction(g, pairs);
    let slope = dot(d, g);
    // A stale pair can leave a non-descent direction: start the memory again from steepest descent.
    if (!(slope < 0)) {
      pairs.length = 0;
      d = direction(g, pairs);
      slope = dot(d, g);
    }
    const next = new Float64Array(P);
    const gNext = new Float64Array(P);
    let t = 1;
    let fNext = Infinity;
    for (; t > 1e-20; t /= 2) {
      for (let j = 0; j < P; j++) next[j] = x[j] + t * d[j];
      fNext = f(next, gNext);
      if (fNext <= value + 1e-4 * t * slope) break;
    }
    // No decrease along a descent direction of a convex objective: the rounding floor, at the optimum.
    if (!(fNext < value)) return done(it, maxAbs(g) <= Math.sqrt(tolerance) * Math.max(1, Math.abs(value)));
    const s = next.map((v, j) => v - x[j]);
    const y = gNext.map((v, j) => v - g[j]);
    const sy = dot(s, y);
    // Curvature condition: a strictly convex objective always meets it; skip a pair rounding broke.
    if (sy > 1e-12 * dot(y, y)) {
      pairs.push({ s, y, rho: 1 / sy });
      if (pairs.length > memory) pairs.shift();
    }
    x = next;
    g = gNext;
    value = fNext;
  }
  return done(maxIterations, maxAbs(g) <= tolerance * Math.max(1, Math.abs(value)));
}
