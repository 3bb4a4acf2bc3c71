// A pre-trained encoder as data: its weights (every parameter but the task towers) with the
// model settings and data schema it was trained for, read back into a model of the same
// shape. The same bytes are kept in IndexedDB and downloaded/uploaded as a file:
//   "SMOEENC1" | uint32 header length | JSON header (padded to 4 bytes) | float32 weights.
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetSchema } from '../data/dataset';
import type { UserModel } from '../model/userModel';
import { isEncoderParam } from '../model/userModel';
import type { RunSpec } from '../run/runSpec';

const MAGIC = 'SMOEENC1';

export interface EncoderTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

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

/** The encoder's weights, read back from the device. */
export async function encoderWeights(model: UserModel): Promise<EncoderTensor[]> {
  const entries = model.params.entries().filter(([n]) => isEncoderParam(n));
  return Promise.all(entries.map(async ([name, v]) => ({ name, shape: v.shape, data: (await v.data()) as Float32Array })));
}

/** Puts saved weights into `model`'s encoder; every encoder parameter must be there with its shape. */
export function loadEncoderWeights(model: UserModel, weights: EncoderTensor[]): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const problems: string[] = [];
  const targets = model.params.entries().filter(([n]) => isEncoderParam(n));
  for (const [name, v] of targets) {
    const w = byName.get(name);
    if (!w) problems.push(`${name} is missing`);
    else if (w.shape.join('×') !== v.shape.join('×')) problems.push(`${name} is ${w.shape.join('×')}, the model needs ${v.shape.join('×')}`);
  }
  if (problems.length > 0) {
    const more = problems.length > 4 ? ` and ${problems.length - 4} more` : '';
    throw new Error(`The saved encoder does not fit this model and data: ${problems.slice(0, 4).join('; ')}${more}. Pre-train on the same data with the same model settings, N and event-age setting.`);
  }
  // assign shares the new tensor's data; the tidy frees the tensor object itself.
  tf.tidy(() => targets.forEach(([name, v]) => v.assign(tf.tensor(byName.get(name)!.data, v.shape, 'float32'))));
}

export function encodeEncoderFile(info: Omit<EncoderInfo, 'bytes' | 'parameters'>, weights: EncoderTensor[]): ArrayBuffer {
  let offset = 0;
  const tensors = weights.map((w) => {
    const t = { name: w.name, shape: w.shape, offset, length: w.data.length };
    offset += w.data.length;
    return t;
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...info, tensors }));
  const headerLength = Math.ceil(headerBytes.length / 4) * 4;
  const start = 12 + headerLength;
  const buffer = new ArrayBuffer(start + offset * 4);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(buffer).setUint32(8, headerLength, true);
  bytes.fill(0x20, 12, start); // pad the JSON with spaces
  bytes.set(headerBytes, 12);
  const floats = new Float32Array(buffer, start);
  weights.forEach((w, i) => floats.set(w.data, tensors[i].offset));
  return buffer;
}

export function decodeEncoderFile(buffer: ArrayBuffer): { info: EncoderInfo; weights: EncoderTensor[] } {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error('Not a SuperMoE encoder file (it should start with SMOEENC1): download one from the app after pre-training.');
  }
  const headerLength = new DataView(buffer).getUint32(8, true);
  const start = 12 + headerLength;
  if (start > bytes.length || (bytes.length - start) % 4 !== 0) throw new Error('The encoder file is cut short or damaged.');
  type Header = Omit<EncoderInfo, 'bytes' | 'parameters'> & { tensors: { name: string; shape: number[]; offset: number; length: number }[] };
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, start))) as Header;
  } catch {
    throw new Error('The encoder file’s header is not readable JSON: the file is damaged.');
  }
  const floats = new Float32Array(buffer, start);
  const weights = header.tensors.map((t) => {
    if (t.offset + t.length > floats.length) throw new Error(`The encoder file is cut short (${t.name}).`);
    return { name: t.name, shape: t.shape, data: floats.slice(t.offset, t.offset + t.length) };
  });
  const { tensors, ...info } = header;
  const parameters = tensors.reduce((a, t) => a + t.length, 0);
  return { info: { ...info, schema: savedSchema(info.schema), parameters, bytes: buffer.byteLength }, weights };
}

/** A schema as saved: an encoder saved before event ages and user summaries existed has neither field, and had neither input. */
function savedSchema(schema: Partial<DatasetSchema> & Omit<DatasetSchema, 'ageBuckets' | 'userFeatures'>): DatasetSchema {
  return { ...schema, ageBuckets: schema.ageBuckets ?? 0, userFeatures: schema.userFeatures ?? 0 };
}

/**
 * What differs between the data an encoder was saved for and this run's, in words (empty:
 * nothing the encoder's weights depend on). Said before the weights' shapes, which name
 * tables rather than settings.
 */
export function schemaDifferences(saved: DatasetSchema, now: DatasetSchema): string[] {
  const out: string[] = [];
  if ((saved.ageBuckets > 0) !== (now.ageBuckets > 0)) {
    out.push(saved.ageBuckets > 0 ? 'it was pre-trained with event ages and this run has none (event age off, or no time column)' : 'it was pre-trained without event ages and this run has them (turn event age off to use it)');
  }
  const channels = (s: DatasetSchema) => s.discrete.map((c) => `${c.name} (${c.vocabSize})`).join(', ');
  if (channels(saved) !== channels(now)) out.push(`its channels are ${channels(saved) || 'none'}, this run's are ${channels(now) || 'none'}`);
  if (saved.dense.map((c) => c.name).join() !== now.dense.map((c) => c.name).join()) {
    out.push(`its dense channels are ${saved.dense.map((c) => c.name).join(', ') || 'none'}, this run's are ${now.dense.map((c) => c.name).join(', ') || 'none'}`);
  }
  if (saved.seqLen !== now.seqLen) out.push(`it was pre-trained with N = ${saved.seqLen} events per user, this run has N = ${now.seqLen}`);
  return out;
}
