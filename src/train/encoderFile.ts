// A pre-trained encoder as data: its weights (every parameter but the task towers) with the
// model settings and data schema it was trained for, read back into a model of the same
// shape. The same bytes are kept in IndexedDB and downloaded/uploaded as a file:
//   "SMOEENC1" | uint32 header length | JSON header (padded to 4 bytes) | float32 weights (tensorFile.ts).
import type { DatasetSchema } from '../data/dataset';
import type { UserModel } from '../model/userModel';
import { isEncoderParam } from '../model/userModel';
import type { RunSpec } from '../run/runSpec';
import { assignWeights, packTensorFile, readWeights, unpackTensorFile, type FileKind, type NamedTensor } from './tensorFile';

const MAGIC = 'SMOEENC1';

export type EncoderTensor = NamedTensor;

/** What a saved encoder says about itself (listed in the UI). */
export interface EncoderInfo {
  name: string;
  /** ISO time it was saved. */
  created: string;
  model: RunSpec['model'];
  /** The data it was pre-trained on: a fine-tune needs the same channels and vocabularies. */
  dataName: string;
  schema: DatasetSchema;
  /** MCP settings and steps it was trained with. */
  pretrain: RunSpec['pretrain'];
  parameters: number;
  bytes: number;
}

const KIND: FileKind = {
  magic: MAGIC,
  what: 'encoder file',
  notThis: 'Not a SuperMoE encoder file (it should start with SMOEENC1): download one from the app after pre-training.',
};

/** The encoder's weights, read back from the device. */
export function encoderWeights(model: UserModel): Promise<EncoderTensor[]> {
  return readWeights(model, isEncoderParam);
}

/** Puts saved weights into `model`'s encoder; every encoder parameter must be there with its shape. */
export function loadEncoderWeights(model: UserModel, weights: EncoderTensor[]): void {
  assignWeights(
    model,
    weights,
    isEncoderParam,
    (problems) => `The saved encoder does not fit this model and data: ${problems}. Pre-train on the same data with the same model settings, N and event-age setting.`,
  );
}

export function encodeEncoderFile(info: Omit<EncoderInfo, 'bytes' | 'parameters'>, weights: EncoderTensor[]): ArrayBuffer {
  return packTensorFile(KIND, info, weights);
}

export function decodeEncoderFile(buffer: ArrayBuffer): { info: EncoderInfo; weights: EncoderTensor[] } {
  const { header: info, weights, parameters } = unpackTensorFile<Omit<EncoderInfo, 'bytes' | 'parameters'>>(KIND, buffer);
  return { info: { ...info, schema: savedSchema(info.schema), parameters, bytes: buffer.byteLength }, weights };
}

/** A schema as saved: an encoder saved before event ages and user summaries existed has neither field, and had neither input. */
export function savedSchema(schema: Partial<DatasetSchema> & Omit<DatasetSchema, 'ageBuckets' | 'userFeatures'>): DatasetSchema {
  return { ...schema, ageBuckets: schema.ageBuckets ?? 0, userFeatures: schema.userFeatures ?? 0 };
}

/**
 * What differs between the data an encoder was saved for and this run's, in words (empty:
 * nothing the encoder's weights depend on). Said before the weights' shapes, which name
 * tables rather than settings.
 */
/** `words`: how the saved weights were made and what they are compared with (a saved model scoring a file says "trained" and "this file"). */
export function schemaDifferences(saved: DatasetSchema, now: DatasetSchema, words = { made: 'pre-trained', here: 'this run' }): string[] {
  const { made, here } = words;
  const out: string[] = [];
  if ((saved.ageBuckets > 0) !== (now.ageBuckets > 0)) {
    out.push(saved.ageBuckets > 0 ? `it was ${made} with event ages and ${here} has none (event age off, or no time column)` : `it was ${made} without event ages and ${here} has them (turn event age off to use it)`);
  }
  const channels = (s: DatasetSchema) => s.discrete.map((c) => `${c.name} (${c.vocabSize})`).join(', ');
  if (channels(saved) !== channels(now)) out.push(`its channels are ${channels(saved) || 'none'}, ${here}'s are ${channels(now) || 'none'}`);
  if (saved.dense.map((c) => c.name).join() !== now.dense.map((c) => c.name).join()) {
    out.push(`its dense channels are ${saved.dense.map((c) => c.name).join(', ') || 'none'}, ${here}'s are ${now.dense.map((c) => c.name).join(', ') || 'none'}`);
  }
  if (saved.seqLen !== now.seqLen) out.push(`it was ${made} with N = ${saved.seqLen} events per user, ${here} has N = ${now.seqLen}`);
  return out;
}
