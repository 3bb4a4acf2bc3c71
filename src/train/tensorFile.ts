// One binary layout for the model weights the app saves (a pre-trained encoder, a whole
// model): an 8-byte magic | uint32 header length | JSON header (padded to 4 bytes with
// spaces) | the float32 values of every named tensor, in the header's order. Weights are read
// from and written into a model's parameters by name, with every shape checked.
import * as tf from '@tensorflow/tfjs-core';
import type { UserModel } from '../model/userModel';

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

interface TensorEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** How a kind of file names itself in errors ("encoder file", "model file") and what to do instead. */
export interface FileKind {
  magic: string;
  what: string;
  /** Said when the bytes are not such a file. */
  notThis: string;
}

/** The weights of `model`'s parameters whose names pass `keep`, read back from the device. */
export async function readWeights(model: UserModel, keep: (name: string) => boolean): Promise<NamedTensor[]> {
  const entries = model.params.entries().filter(([n]) => keep(n));
  return Promise.all(entries.map(async ([name, v]) => ({ name, shape: v.shape, data: (await v.data()) as Float32Array })));
}

/**
 * Puts saved weights into `model`'s parameters that pass `keep`: each must be there with its
 * shape, else `misfit` makes the error from what does not fit.
 */
export function assignWeights(model: UserModel, weights: NamedTensor[], keep: (name: string) => boolean, misfit: (problems: string) => string): void {
  const byName = new Map(weights.map((w) => [w.name, w]));
  const problems: string[] = [];
  const targets = model.params.entries().filter(([n]) => keep(n));
  for (const [name, v] of targets) {
    const w = byName.get(name);
    if (!w) problems.push(`${name} is missing`);
    else if (w.shape.join('×') !== v.shape.join('×')) problems.push(`${name} is ${w.shape.join('×')}, the model needs ${v.shape.join('×')}`);
  }
  if (problems.length > 0) {
    const more = problems.length > 4 ? ` and ${problems.length - 4} more` : '';
    throw new Error(misfit(`${problems.slice(0, 4).join('; ')}${more}`));
  }
  // assign shares the new tensor's data; the tidy frees the tensor object itself.
  tf.tidy(() => targets.forEach(([name, v]) => v.assign(tf.tensor(byName.get(name)!.data, v.shape, 'float32'))));
}

export function packTensorFile(kind: FileKind, header: object, weights: NamedTensor[]): ArrayBuffer {
  let offset = 0;
  const tensors: TensorEntry[] = weights.map((w) => {
    const t = { name: w.name, shape: w.shape, offset, length: w.data.length };
    offset += w.data.length;
    return t;
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, tensors }));
  const headerLength = Math.ceil(headerBytes.length / 4) * 4;
  const start = 12 + headerLength;
  const buffer = new ArrayBuffer(start + offset * 4);
  const bytes = new Uint8Array(buffer);
  bytes.set(new TextEncoder().encode(kind.magic), 0);
  new DataView(buffer).setUint32(8, headerLength, true);
  bytes.fill(0x20, 12, start); // pad the JSON with spaces
  bytes.set(headerBytes, 12);
  const floats = new Float32Array(buffer, start);
  weights.forEach((w, i) => floats.set(w.data, tensors[i].offset));
  return buffer;
}

/** The header (without its tensor table), the weights and their number of values. */
export function unpackTensorFile<H>(kind: FileKind, buffer: ArrayBuffer): { header: H; weights: NamedTensor[]; parameters: number } {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== kind.magic) throw new Error(kind.notThis);
  const headerLength = new DataView(buffer).getUint32(8, true);
  const start = 12 + headerLength;
  if (start > bytes.length || (bytes.length - start) % 4 !== 0) throw new Error(`The ${kind.what} is cut short or damaged.`);
  let parsed: H & { tensors: TensorEntry[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, start))) as H & { tensors: TensorEntry[] };
  } catch {
    throw new Error(`The ${kind.what}’s header is not readable JSON: the file is damaged.`);
  }
  const floats = new Float32Array(buffer, start);
  const weights = parsed.tensors.map((t) => {
    if (t.offset + t.length > floats.length) throw new Error(`The ${kind.what} is cut short (${t.name}).`);
    return { name: t.name, shape: t.shape, data: floats.slice(t.offset, t.offset + t.length) };
  });
  const { tensors, ...header } = parsed;
  return { header: header as H, weights, parameters: tensors.reduce((a, t) => a + t.length, 0) };
}
