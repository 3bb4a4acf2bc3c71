// Rules across the fields of a run; a field that breaks one is put back to its default.
import { fieldValue, rejection, setFieldValue, type FieldKey, type Rejection } from './fields';
import { hasSequenceEncoder, MODEL_TYPE_KEYS } from './modelTypes';
import type { RunSpec } from './runSpec';

const WITH_ENCODER = MODEL_TYPE_KEYS.filter(hasSequenceEncoder).join(' or ');

export function enforceConsistency(spec: RunSpec, defaults: RunSpec): Rejection[] {
  const out: Rejection[] = [];
  const reset = (key: FieldKey, reason: string) => {
    out.push(rejection(key, fieldValue(spec, key), reason));
    setFieldValue(spec, key, structuredClone(fieldValue(defaults, key)));
  };
  if (spec.model.dModel % spec.model.numHeads !== 0) {
    reset('model.numHeads', `must divide model.dModel (${spec.model.dModel})`);
    if (spec.model.dModel % spec.model.numHeads !== 0) reset('model.dModel', 'must be a multiple of model.numHeads');
  }
  if (spec.data.source === 'file' && spec.data.file === null) {
    reset('data.source', 'a file run needs data.file (name, size, sha256)');
  }
  if (new Set(spec.compare.models).size !== spec.compare.models.length) reset('compare.models', 'lists a model type twice');
  const compare = spec.compare.models.length > 0;
  if (spec.finetune.from === 'pretrain' && !compare && !hasSequenceEncoder(spec.model.type)) {
    reset('finetune.from', `${spec.model.type} has no sequence encoder to pre-train (MCP needs ${WITH_ENCODER})`);
  }
  if (spec.finetune.from === 'saved' && compare) reset('finetune.from', 'a compare run cannot start every model type from one saved encoder');
  return out;
}
