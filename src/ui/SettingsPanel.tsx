// Model and training settings of the run; every change resets the run (a new link). The model
// types and which settings each reads come from the registry (src/run/modelTypes.ts).
import { memo } from 'react';
import { MODEL_TYPE_KEYS, modelName, readsSetting, type ModelSettingKey } from '../run/modelTypes';
import type { RunSpec } from '../run/runSpec';
import { NumberField, SelectField } from './fields';

interface Props {
  spec: RunSpec;
  disabled: boolean;
  onChange(spec: RunSpec): void;
}

const MODEL_OPTIONS = MODEL_TYPE_KEYS.map((t) => [t, modelName(t)] as const);

export const SettingsPanel = memo(function SettingsPanel({ spec, disabled, onChange }: Props) {
  const common = { spec, disabled, onChange };
  // A compare run trains each of its model types with these settings.
  const compare = spec.compare.models.length > 0;
  const trained = compare ? spec.compare.models : [spec.model.type];
  const model = <S extends ModelSettingKey>(setting: S) => ({ ...common, field: `model.${setting}` as `model.${S}`, unused: !readsSetting(trained, setting) });
  return (
    <section className="panel" aria-label="Settings">
      <h2>Model</h2>
      <div className="grid">
        <SelectField
          {...common}
          field="model.type"
          options={MODEL_OPTIONS}
          unused={compare}
          unusedWhy="A compare run trains the model types checked under “Compare model types” instead."
          hint="Baselines of the paper's Table 2 on the same MFP input and towers: the dense transformer is SuperMoE with one expert (BERT row); MMoE and PLE read the MFP output max-pooled over events (E experts of FFN hidden width; PLE: Blocks levels, E shared + 1 per task)."
        />
        <NumberField {...model('dModel')} />
        <NumberField {...model('numBlocks')} />
        <NumberField {...model('numHeads')} />
        <NumberField {...model('numExperts')} hint="E = 1 is the dense transformer (the BERT row of the paper)." />
        <NumberField {...model('ffnHidden')} />
        <SelectField {...model('routing')} options={[['capacity', 'Capacity factor'], ['dropless', 'Dropless']]} />
        <NumberField {...model('capacityFactor')} hint="C = ceil(cf · T / E) slots per expert; tokens past it are dropped (residual only)." />
        <NumberField {...model('balanceLossWeight')} />
        <NumberField {...model('zLossWeight')} />
        <SelectField {...model('kernels')} options={[['auto', 'WGSL on WebGPU'], ['reference', 'Reference (tfjs ops)']]} />
      </div>
      <h2>Training</h2>
      <div className="grid">
        <NumberField {...common} field="train.steps" />
        <NumberField {...common} field="train.batchSize" />
        <NumberField {...common} field="train.learningRate" />
        <NumberField {...common} field="train.evalEvery" />
        <NumberField {...common} field="data.valFraction" />
        <NumberField {...common} field="data.seqLen" />
        <NumberField {...common} field="seed" hint="One seed for data, split, initialisation and batches." />
      </div>
    </section>
  );
});
