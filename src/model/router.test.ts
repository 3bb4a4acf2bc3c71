import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../util/rng';
import { Params } from './params';
import { Router, RoutingContext, siteStats, type RoutingSettings } from './router';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const settings = (routing: 'capacity' | 'dropless'): RoutingSettings => ({
  numExperts: 3,
  routing,
  capacityFactor: 0.9,
  balanceLossWeight: 0.1,
  zLossWeight: 0.01,
  path: 'reference',
});

describe('RoutingContext.route', () => {
  for (const routing of ['capacity', 'dropless'] as const) {
    it(`routes S sites in one call exactly as S separate calls (${routing})`, async () => {
      const [T, d, E, S] = [10, 4, 3, 3];
      const p = new Params(createRng(1));
      // A strong router, so that the sites' decisions differ and some experts overflow.
      const router = new Router(p, 'r', d, E, S);
      tf.tidy(() => router.logits(tf.zeros([1, d])));
      const w = p.glorot<tf.Rank.R3>('w', [S * E, d, d]);
      const x = tf.mul(tf.tensor2d(Array.from({ length: T * d }, (_, i) => Math.sin(i * 1.7)), [T, d]), 8) as tf.Tensor2D;
      const valid = tf.tensor1d([1, 1, 0, 1, 1, 1, 1, 0, 1, 1]);
      const numValid = 8;
      const together = new RoutingContext(valid, numValid, settings(routing));
      const y = await together.route(['a', 'b', 'c'], x, router, { w1: w, activation: 'none' }).array();
      const apart = new RoutingContext(valid, numValid, settings(routing));
      for (let s = 0; s < S; s++) {
        const own = { logits: (t: tf.Tensor2D) => tf.slice(router.logits(t), [0, s * E], [T, E]) };
        const ys = await apart.route([`s${s}`], x, own, { w1: tf.slice(w, s * E, E), activation: 'none' }).array();
        ys[0].forEach((row, t) => row.forEach((v, j) => expect(y[s][t][j]).toBeCloseTo(v, 4)));
      }
      const countsOf = async (c: RoutingContext) => (await Promise.all(c.loads.map((l) => l.counts.data()))).flatMap((a) => Array.from(a));
      expect(await countsOf(together)).toEqual(await countsOf(apart));
      expect((await together.balanceLoss().data())[0]).toBeCloseTo((await apart.balanceLoss().data())[0], 5);
      expect((await together.zLoss().data())[0]).toBeCloseTo((await apart.zLoss().data())[0], 5);
      p.dispose();
    });
  }
});

describe('siteStats', () => {
  it('splits counts by site and drops what is past the capacity', () => {
    const stats = siteStats([{ sites: ['q', 'k'] }, { sites: ['ffn'] }], [5, 1, 0, 2, 3, 3, 4, 4, 0], 3, 3);
    expect(stats).toEqual([
      { site: 'q', counts: [5, 1, 0], dropped: 2 },
      { site: 'k', counts: [2, 3, 3], dropped: 0 },
      { site: 'ffn', counts: [4, 4, 0], dropped: 2 },
    ]);
    expect(siteStats([{ sites: ['q'] }], [9, 0, 0], 3, null)[0].dropped).toBe(0);
  });
});
