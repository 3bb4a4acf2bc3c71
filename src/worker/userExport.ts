// The representation export (issue 10): every user of a dataset through a trained model, chunk
// by chunk, into the Projector's vectors.tsv and metadata.tsv, users.csv and scores.csv, built
// as Blobs from one chunk's text at a time (the page only downloads them). Progress after each
// chunk; an abort between chunks stops it. Users are scored group by group (validation users
// in the evaluation's order and chunks, so their scores are the evaluation's to the bit).
import { OOV_TOKEN, FIRST_TOKEN, type Dataset } from '../data/dataset';
import { metadataHeader, metadataTsv, scoresCsv, scoresHeader, usersCsv, usersHeader, vectorsTsv, type ExportColumns, type ExportRow } from '../data/exportText';
import type { UserModel } from '../model/userModel';
import { aucPerTask, scoreChunk, sigmoid, type ScoredChunk } from '../train/scoring';
import type { ExportFiles, ExportProgress } from './protocol';

export class ExportCancelled extends Error {
  constructor() {
    super('Cancelled: nothing was exported or scored.');
    this.name = 'ExportCancelled';
  }
}

/** Users of one split, in the order they are scored. */
export interface UserGroup {
  split: string;
  users: Int32Array;
}

export interface ExportOptions {
  /** Users per forward pass (scoringChunk of the run's batch size). */
  chunk: number;
  signal?: AbortSignal;
  onProgress?(p: ExportProgress): void;
}

/** The run's users as groups: validation, the early-stopping holdout, and every other user as train. */
export function runGroups(numUsers: number, split: { val: Int32Array; holdout?: Int32Array }): UserGroup[] {
  const taken = new Uint8Array(numUsers);
  const holdout = split.holdout ?? new Int32Array(0);
  for (const u of split.val) taken[u] = 1;
  for (const u of holdout) taken[u] = 1;
  const train = Int32Array.from({ length: numUsers }, (_, u) => u).filter((u) => !taken[u]);
  return [
    { split: 'train', users: train },
    { split: 'holdout', users: holdout },
    { split: 'validation', users: split.val },
  ].filter((g) => g.users.length > 0);
}

export async function exportUsers(model: UserModel, d: Dataset, groups: UserGroup[], o: ExportOptions): Promise<ExportFiles> {
  const start = performance.now();
  const columns: ExportColumns = { tasks: d.tasks.map((t) => t.name), categories: d.discrete.filter((c) => c.kind === 'category').map((c) => c.name) };
  const withLabels = d.tasks.some((t) => t.labelled > 0);
  const total = groups.reduce((a, g) => a + g.users.length, 0);
  const parts = { vectors: [] as string[], metadata: [metadataHeader(columns)], users: [] as string[], scores: [scoresHeader(columns.tasks, withLabels)] };
  const auc: Record<string, (number | null)[]> = {};
  const logits = groups.map((g) => new Float32Array(g.users.length * d.tasks.length));
  const chunks = chunksOf(groups, o.chunk);
  let dim = 0;
  let done = 0;
  o.onProgress?.({ phase: 'score', done, total });
  // One chunk ahead: the next chunk's forward pass is queued on the GPU before this chunk's
  // text is written, so the GPU works while the worker writes (on any GPU, not only here).
  const score = (i: number) => scoreChunk(model, d, chunks[i].users, o.chunk);
  let next: Promise<ScoredChunk> | null = chunks.length > 0 ? score(0) : null;
  for (let i = 0; i < chunks.length; i++) {
    const out = await next!;
    next = null;
    if (o.signal?.aborted) throw new ExportCancelled();
    if (i + 1 < chunks.length) next = score(i + 1);
    const { group, offset, users } = chunks[i];
    const g = groups[group];
    if (dim === 0) {
      dim = out.dim;
      parts.users.push(usersHeader(columns, dim));
    }
    logits[group].set(out.logits, offset * d.tasks.length);
    const rows = exportRows(d, users, out.logits, g.split);
    parts.vectors.push(vectorsTsv(out.h, dim, users.length));
    parts.metadata.push(metadataTsv(rows));
    parts.users.push(usersCsv(rows, out.h, dim));
    parts.scores.push(scoresCsv(rows, withLabels));
    done += users.length;
    o.onProgress?.({ phase: 'score', done, total });
    const lastOfGroup = i + 1 === chunks.length || chunks[i + 1].group !== group;
    if (withLabels && lastOfGroup) auc[g.split] = aucPerTask(d, g.users, logits[group]);
  }
  const tsv = 'text/tab-separated-values;charset=utf-8';
  const csv = 'text/csv;charset=utf-8';
  return {
    vectors: new Blob(parts.vectors, { type: tsv }),
    metadata: new Blob(parts.metadata, { type: tsv }),
    users: new Blob(parts.users, { type: csv }),
    scores: new Blob(parts.scores, { type: csv }),
    count: total,
    dim,
    tasks: columns.tasks,
    auc,
    seconds: (performance.now() - start) / 1000,
  };
}

/** The chunks of every group in order: a chunk never spans two groups (validation users keep the evaluation's chunks). */
function chunksOf(groups: UserGroup[], size: number): { group: number; offset: number; users: Int32Array }[] {
  return groups.flatMap((g, group) => Array.from({ length: Math.ceil(g.users.length / size) }, (_, c) => ({ group, offset: c * size, users: g.users.subarray(c * size, Math.min(g.users.length, (c + 1) * size)) })));
}

function exportRows(d: Dataset, users: Int32Array, logits: Float32Array, split: string): ExportRow[] {
  const K = d.tasks.length;
  const categories = d.discrete.map((c, j) => ({ c, j })).filter(({ c }) => c.kind === 'category');
  return Array.from(users, (u, i) => ({
    id: d.userIds[u],
    split,
    labels: d.tasks.map((_, k) => (d.labelMask[u * K + k] > 0 ? d.labels[u * K + k] : null)),
    scores: d.tasks.map((_, k) => sigmoid(logits[i * K + k])),
    top: categories.map(({ c, j }) => topValue(d, u, j, c.values)),
  }));
}

/** The user's most frequent value of discrete channel j among its input events ('' when all are OOV); ties go to the most recent. */
function topValue(d: Dataset, u: number, j: number, values: string[]): string {
  const width = d.discrete.length;
  const counts = new Map<number, number>();
  let best = -1;
  let bestCount = 0;
  for (let p = 0; p < d.length[u]; p++) {
    const t = d.tokens[(u * d.seqLen + p) * width + j];
    if (t <= OOV_TOKEN || t - FIRST_TOKEN >= values.length) continue;
    const n = (counts.get(t) ?? 0) + 1;
    counts.set(t, n);
    if (n >= bestCount) {
      best = t;
      bestCount = n;
    }
  }
  return best < 0 ? '' : values[best - FIRST_TOKEN];
}
