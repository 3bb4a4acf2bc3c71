// Two principal components of the user representations H, for the embedding view. d is
// small (≤ a few hundred), so power iteration on the d×d covariance is instant.

export interface Projection {
  /** [n, 2] coordinates. */
  points: Float32Array;
  /** Share of the variance each of the two components explains. */
  explained: [number, number];
}

function covariance(x: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  const c = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const va = x[i * d + a] - mean[a];
      for (let b = a; b < d; b++) c[a * d + b] += (va * (x[i * d + b] - mean[b])) / n;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) c[a * d + b] = c[b * d + a];
  return c;
}

/** Leading eigenvector and eigenvalue of a symmetric matrix, by power iteration. */
function leading(c: Float64Array, d: number): { v: Float64Array; lambda: number } {
  let v = new Float64Array(d).map((_, i) => 1 + i / d);
  let lambda = 0;
  for (let it = 0; it < 200; it++) {
    const w = new Float64Array(d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += c[a * d + b] * v[b];
    const norm = Math.hypot(...w);
    if (norm === 0) break;
    const next = w.map((x) => x / norm);
    const delta = next.reduce((s, x, i) => s + Math.abs(x - v[i]), 0);
    v = next;
    lambda = norm;
    if (delta < 1e-10) break;
  }
  return { v, lambda };
}

export function pca2(x: Float32Array, n: number, d: number): Projection {
  const c = covariance(x, n, d);
  let trace = 0;
  for (let a = 0; a < d; a++) trace += c[a * d + a];
  const first = leading(c, d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) c[a * d + b] -= first.lambda * first.v[a] * first.v[b];
  const second = leading(c, d);
  const points = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let p = 0;
    let q = 0;
    for (let j = 0; j < d; j++) {
      p += x[i * d + j] * first.v[j];
      q += x[i * d + j] * second.v[j];
    }
    points[2 * i] = p;
    points[2 * i + 1] = q;
  }
  const share = (l: number) => (trace > 0 ? l / trace : 0);
  return { points, explained: [share(first.lambda), share(second.lambda)] };
}
