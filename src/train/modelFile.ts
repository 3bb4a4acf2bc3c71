// A whole trained model as one file (issue 10): every parameter (the encoder, the task towers
// and their wide part on the user summary), with what it takes to read another log the way it
// was trained — the run spec, the column mapping, the vocabularies, the normalisation
// statistics (the frozen encoding) — so that it scores users in another browser exactly as
// here. Same layout as the encoder file (tensorFile.ts), magic "SMOEMOD1".
import type { DatasetSchema } from '../data/dataset';
import type { FrozenEncoding } from '../data/frozenEncoding';
import { buildModel } from '../model/buildModel';
import type { UserModel } from '../model/userModel';
import type { ColumnMapping, RunSpec } from '../run/runSpec';
import { savedSchema } from './encoderFile';
import { assignWeights, packTensorFile, readWeights, unpackTensorFile, type FileKind, type NamedTensor } from './tensorFile';

const KIND: FileKind = {
  magic: 'SMOEMOD1',
  what: 'model file',
  notThis: 'Not a SuperMoE model file (it should start with SMOEMOD1): save one from the app after training (Export & score → Save model).',
};

export interface ModelInfo {
  name: string;
  /** ISO time it was saved. */
  created: string;
  /** The run it was trained by: model settings, data settings (N, event age, user summary…), seed. */
  spec: RunSpec;
  schema: DatasetSchema;
  /** The columns of the log it reads, and their roles. */
  mapping: ColumnMapping[];
  encoding: FrozenEncoding;
  /** The data it was trained on. */
  dataName: string;
  /** The step whose weights these are. */
  step: number;
  parameters: number;
  bytes: number;
}

export type ModelHeader = Omit<ModelInfo, 'parameters' | 'bytes'>;

const everyParam = () => true;

export async function encodeModelFile(header: ModelHeader, model: UserModel): Promise<ArrayBuffer> {
  return packTensorFile(KIND, header, await readWeights(model, everyParam));
}

export function decodeModelFile(buffer: ArrayBuffer): { info: ModelInfo; weights: NamedTensor[] } {
  const { header, weights, parameters } = unpackTensorFile<ModelHeader>(KIND, buffer);
  if (!header.spec?.model || !header.schema || !header.encoding || !Array.isArray(header.mapping)) {
    throw new Error('The model file’s header lacks the run spec, schema, column mapping or vocabularies: the file is damaged or from another program.');
  }
  return { info: { ...header, schema: savedSchema(header.schema), parameters, bytes: buffer.byteLength }, weights };
}

/** The model a file holds, built for its schema and given its weights (the tfjs backend must be set). */
export function modelFromFile(buffer: ArrayBuffer): { info: ModelInfo; model: UserModel } {
  const { info, weights } = decodeModelFile(buffer);
  const model = buildModel(info.spec.model, info.schema, info.spec.seed);
  try {
    assignWeights(model, weights, everyParam, (problems) => `The model file does not match the model its header describes: ${problems}. The file is damaged.`);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { info, model };
}
