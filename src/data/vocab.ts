// Vocabularies of discrete channels: token 0 is padding, 1 is "out of vocabulary" (unseen,
// missing, or too rare to keep), then values by descending frequency, so that an embedding
// table cut short keeps its most useful rows.
import { FIRST_TOKEN, OOV_TOKEN } from './dataset';

/** Most frequent values kept in an ID channel; the rest share the OOV token. */
export const ID_VOCAB_CAP = 50_000;

export interface Vocabulary {
  /** Value → token id (FIRST_TOKEN..). */
  index: Map<string, number>;
  /** Values of token ids FIRST_TOKEN.., in order. */
  values: string[];
  vocabSize: number;
}

/** `cells` are the values of the events kept, missing ones as null. Ties keep first-seen order. */
export function buildVocabulary(cells: (string | null)[], cap = Infinity): Vocabulary {
  const counts = new Map<string, number>();
  for (const c of cells) if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  // Array.prototype.sort is stable, so equal counts stay in first-seen order.
  const values = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)!).slice(0, cap);
  const index = new Map(values.map((v, i) => [v, FIRST_TOKEN + i]));
  return { index, values, vocabSize: FIRST_TOKEN + values.length };
}

export function tokenOf(vocab: Vocabulary, cell: string | null): number {
  return cell === null ? OOV_TOKEN : (vocab.index.get(cell) ?? OOV_TOKEN);
}
