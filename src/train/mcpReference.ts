// The bar of MCP pre-training (README §Model 3.1), as the logistic regression is the tasks':
// what predicting every masked value from how often it occurs scores, with nothing of the
// user. Per category/ID channel, the training users' class counts (add-one smoothed): its loss
// is that unigram's −log p, its accuracy the most frequent class's share, its HR@10 the ten
// most frequent classes'. Per dense channel, the training users' mean: its loss the squared
// error. On Online Retail at a 1,000-class cap, StockCode's accuracy of 0.23 looked like
// learning until this showed that the "rarer value" class alone scores about as much.
import type { Dataset } from '../data/dataset';
import type { McpChannel } from '../model/mcpBatch';
import { mcpClass } from './mcp';
import type { McpChannelMetrics } from './mcpMetrics';

/** What the frequencies of one channel predict. */
export interface ChannelPrior {
  /** Category/ID: log p of each class; empty for a dense channel. */
  logP: Float64Array;
  /** Category/ID: the classes by descending count (ties: lower class first), at most 10. */
  top: number[];
  /** Dense: the mean normalised value; 0 for a discrete channel. */
  mean: number;
}

/** Each channel's prior from the real events (the sequence window MCP masks in) of `users`. */
export function mcpPriors(d: Dataset, users: ArrayLike<number>, channels: McpChannel[]): ChannelPrior[] {
  const N = d.seqLen;
  const M = d.discrete.length;
  const D = d.dense.length;
  return channels.map((c) => {
    const discrete = c.kind !== 'dense';
    const counts = new Float64Array(discrete ? c.classes : 0);
    let sum = 0;
    let n = 0;
    for (let i = 0; i < users.length; i++) {
      const u = users[i];
      const length = Math.min(N, d.length[u]);
      for (let t = u * N; t < u * N + length; t++) {
        if (discrete) counts[mcpClass(c, d.tokens[t * M + c.index])]++;
        else sum += d.denseValues[t * D + c.index];
        n++;
      }
    }
    if (!discrete) return { logP: new Float64Array(0), top: [], mean: n > 0 ? sum / n : 0 };
    // Add-one smoothing: a class the training users never had still gets a finite loss.
    const logP = Float64Array.from(counts, (k) => Math.log((k + 1) / (n + c.classes)));
    const top = Array.from(counts.keys())
      .sort((a, b) => counts[b] - counts[a] || a - b)
      .slice(0, 10);
    return { logP, top, mean: 0 };
  });
}

/** Sums the priors' loss and hits over masked positions, batch by batch, as the model's evaluation does. */
export class McpReferenceScore {
  private readonly loss: number[];
  private readonly correct: number[];
  private readonly top10: number[];
  private readonly counts: number[];

  constructor(
    private readonly channels: McpChannel[],
    private readonly priors: ChannelPrior[],
  ) {
    const zeros = () => channels.map(() => 0);
    [this.loss, this.correct, this.top10, this.counts] = [zeros(), zeros(), zeros(), zeros()];
  }

  /** `targets` [channels, P] (a batch's targetValues); the first counts[i] slots of row i are masked positions. */
  add(targets: Float32Array, counts: number[]): void {
    const P = targets.length / this.channels.length;
    this.channels.forEach((c, i) => {
      const prior = this.priors[i];
      for (let j = 0; j < counts[i]; j++) {
        const v = targets[i * P + j];
        if (c.kind === 'dense') {
          this.loss[i] += (v - prior.mean) ** 2;
          continue;
        }
        this.loss[i] -= prior.logP[v];
        const rank = prior.top.indexOf(v);
        if (rank === 0) this.correct[i]++;
        if (rank >= 0) this.top10[i]++;
      }
      this.counts[i] += counts[i];
    });
  }

  /** Per channel, in the form of the model's metrics (null where the model's would be null). */
  metrics(): McpChannelMetrics[] {
    return this.channels.map((c, i) => {
      const n = this.counts[i];
      const discrete = c.kind !== 'dense';
      return {
        name: c.name,
        kind: c.kind,
        loss: n > 0 ? this.loss[i] / n : null,
        accuracy: discrete && n > 0 ? this.correct[i] / n : null,
        hitRate10: discrete && n > 0 && c.classes > 10 ? this.top10[i] / n : null,
        masked: n,
      };
    });
  }
}
