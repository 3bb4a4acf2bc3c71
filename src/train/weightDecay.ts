// Which parameters decoupled weight decay (AdamW, train.weightDecay, README §Model 3.5)
// shrinks: the weight matrices and the embedding tables, decided by the parameter's name in the
// model's Params.
//
// The rule: a parameter decays when it has two axes or more (a matrix, E stacked expert
// matrices, an embedding table or a shard of one) and its name's last part is not a bias or a
// gain. So biases (`towers.b`, the pooled experts' `b1` stored as [E, 1, h], the MCP heads'
// `b`, `denseB`), LayerNorm gains (`*.gain`) and the dense [MASK] values (`mcp.mask.dense`,
// one number per channel) keep their values: shrinking an offset or a scale towards 0 is not a
// prior on the model's capacity, it only moves its operating point (as in BERT and GPT-2,
// where biases and LayerNorm parameters are excluded).
import type { Params } from '../model/params';

/** The last part of a bias's or a gain's name: `b`, `b1`, …, `bias`, `denseB`, `gain`. */
const BIAS_OR_GAIN = /(^|\.)(b\d*|\w*(B|Bias|bias)|gain)$/;

export function isDecayedParam(name: string, rank: number): boolean {
  return rank >= 2 && !BIAS_OR_GAIN.test(name);
}

/** The tfjs names of the variables of `params` that decay (what the optimiser's gradients are keyed by). */
export function decayedVariables(params: Params): Set<string> {
  return new Set(params.entries().filter(([name, v]) => isDecayedParam(name, v.rank)).map(([, v]) => v.name));
}
