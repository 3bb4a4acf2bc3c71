import { describe, expect, it } from 'vitest';
import { pca2 } from './pca';
import { createRng } from '../util/rng';

describe('pca2', () => {
  it('finds the dominant directions of a stretched cloud', () => {
    const rng = createRng(3);
    const n = 500;
    const d = 4;
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const a = rng.normal() * 10; // along (1,1,0,0)/√2
      const b = rng.normal() * 3; // along (0,0,1,0)
      x[i * d] = a / Math.SQRT2 + rng.normal() * 0.1;
      x[i * d + 1] = a / Math.SQRT2 + rng.normal() * 0.1;
      x[i * d + 2] = b;
      x[i * d + 3] = rng.normal() * 0.1;
    }
    const { points, explained } = pca2(x, n, d);
    expect(explained[0]).toBeGreaterThan(0.85);
    expect(explained[1]).toBeGreaterThan(0.05);
    expect(explained[0] + explained[1]).toBeGreaterThan(0.99);
    // the first coordinate is ±a, the second ±b
    let corr = 0;
    for (let i = 0; i < n; i++) corr += points[2 * i] * (x[i * d] + x[i * d + 1]);
    expect(Math.abs(corr)).toBeGreaterThan(0);
  });
});
