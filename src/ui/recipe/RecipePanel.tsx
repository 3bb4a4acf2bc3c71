// The paper's training recipe as settings (all in the run spec, so a link carries them):
// MCP pre-training, fine-tuning from it or from a saved encoder, the task weights λ (fixed or
// bi-level), and the compare view's model types.
import { memo } from 'react';
import type { FieldKey } from '../../run/fields';
import { withField } from '../../run/link';
import { hasSequenceEncoder, MODEL_TYPE_KEYS, modelName, type ModelType } from '../../run/modelTypes';
import type { RunSpec } from '../../run/runSpec';
import type { DatasetSummary } from '../../worker/protocol';
import { NumberField, PlainNumber, SelectField } from '../fields';
import { EncoderLibrary, type EncoderApi } from './EncoderLibrary';

const WITH_ENCODER = MODEL_TYPE_KEYS.filter(hasSequenceEncoder).map(modelName).join(' or ');

interface Props {
  spec: RunSpec;
  summary: DatasetSummary | null;
  disabled: boolean;
  encoders: EncoderApi;
  savedEncoder: string;
  onChange(spec: RunSpec): void;
}

export const RecipePanel = memo(function RecipePanel({ spec, summary, disabled, encoders, savedEncoder, onChange }: Props) {
  const common = { spec, disabled, onChange };
  const set = (key: FieldKey, value: unknown) => {
    const r = withField(spec, key, value);
    if (r.rejected.length === 0) onChange(r.spec);
  };
  const from = spec.finetune.from;
  const channels = summary ? [...summary.discrete.map((c) => c.name), ...summary.dense] : [];
  const chosen = (name: string) => spec.pretrain.channels.length === 0 || spec.pretrain.channels.includes(name);
  const toggleChannel = (name: string) => {
    const next = channels.filter((c) => (c === name ? !chosen(c) : chosen(c)));
    if (next.length > 0) set('pretrain.channels', next.length === channels.length ? [] : next);
  };
  const tasks = summary?.tasks.map((t) => t.name) ?? [];
  const lambda = spec.train.lambda.length === tasks.length ? spec.train.lambda : tasks.map(() => 1);
  const toggleModel = (m: ModelType) => {
    const has = spec.compare.models.includes(m);
    set('compare.models', MODEL_TYPE_KEYS.filter((x) => (x === m ? !has : spec.compare.models.includes(x))));
  };
  return (
    <section className="panel recipe" aria-label="Training recipe">
      <h2>Pre-training and fine-tuning</h2>
      <div className="grid">
        <SelectField
          {...common}
          field="finetune.from"
          label="Start from"
          options={[
            ['scratch', 'Scratch (no pre-training)'],
            ['pretrain', 'MCP pre-training, then fine-tune'],
            ['saved', 'A saved encoder'],
          ]}
          hint={`Pre-training needs a sequence encoder: ${WITH_ENCODER}.`}
        />
        {from !== 'scratch' && (
          <SelectField
            {...common}
            field="finetune.encoder"
            label="Encoder while fine-tuning"
            options={[
              ['finetune', 'Fine-tuned'],
              ['lowerLr', 'Fine-tuned, lower lr'],
              ['frozen', 'Frozen (towers only)'],
            ]}
          />
        )}
        {from !== 'scratch' && spec.finetune.encoder === 'lowerLr' && <NumberField {...common} field="finetune.encoderLrScale" label="Encoder lr ×" />}
      </div>
      {from === 'pretrain' && (
        <>
          <div className="grid">
            <NumberField {...common} field="pretrain.steps" label="MCP steps" />
            <NumberField {...common} field="pretrain.maskRate" label="Mask rate" hint="Share of each chosen channel's events replaced by its learned [MASK]." />
            <NumberField {...common} field="pretrain.vocabCap" label="MCP vocabulary cap" />
          </div>
          <p className="hint">
            Masked channels (MCP tasks). Category and ID channels are predicted with a softmax over the channel’s vocabulary; a vocabulary larger than the cap
            keeps its {spec.pretrain.vocabCap - 1} most frequent values plus one “rarer value” class (a cap, not a sampled softmax). Dense channels are
            predicted with squared error. Masking time_gap also masks the time-gap embedding (its copy).
          </p>
          <div className="checks" data-testid="mcp-channels">
            {channels.length === 0 && <span className="hint">Load data to choose channels (none chosen = all).</span>}
            {channels.map((c) => (
              <label key={c}>
                <input type="checkbox" name={`mcp-${c}`} checked={chosen(c)} disabled={disabled} onChange={() => toggleChannel(c)} /> {c}
              </label>
            ))}
          </div>
        </>
      )}
      {from === 'saved' && (
        <EncoderLibrary api={encoders} selected={spec.finetune.saved} disabled={disabled} onSelect={(n) => set('finetune.saved', n)} refreshKey={savedEncoder} />
      )}
      {from !== 'saved' && savedEncoder && (
        <p className="ok" data-testid="encoder-saved">
          This run saved its pre-trained encoder as <code>{savedEncoder}</code> (choose “A saved encoder” to fine-tune from it, download or delete it).
        </p>
      )}
      <h2>Task weights λ</h2>
      <div className="grid">
        <SelectField
          {...common}
          field="train.lambdaMode"
          label="λ mode"
          options={[
            ['fixed', 'Fixed'],
            ['bilevel', 'Bi-level (validation AUC)'],
          ]}
          hint="Bi-level: every R steps λ_k += β·η·⟨∇ hinge AUC surrogate on held-out users, ∇ L_k⟩, clipped at 0.05, Σλ = K."
        />
        {spec.train.lambdaMode === 'bilevel' && (
          <>
            <NumberField {...common} field="train.lambdaEvery" label="Update every R" />
            <NumberField {...common} field="train.lambdaLr" label="β" />
            <NumberField {...common} field="train.lambdaHoldout" label="Held-out share" hint="Training users kept out of training to tune λ on." />
          </>
        )}
        {tasks.map((t, k) => (
          <PlainNumber
            key={t}
            label={`λ ${t}${spec.train.lambdaMode === 'bilevel' ? ' (start)' : ''}`}
            value={lambda[k]}
            rule={{ min: 0 }}
            disabled={disabled}
            onCommit={(v) => set('train.lambda', lambda.map((l, j) => (j === k ? v : l)))}
          />
        ))}
      </div>
      <h2>Compare model types</h2>
      <p className="hint">Trains each checked model type in turn on the same split and seed and fills the compare table; none checked = one run of the model above.</p>
      <div className="checks" data-testid="compare-models">
        {MODEL_TYPE_KEYS.map((m) => (
          <label key={m}>
            <input type="checkbox" name={`compare-${m}`} checked={spec.compare.models.includes(m)} disabled={disabled} onChange={() => toggleModel(m)} /> {modelName(m)}
          </label>
        ))}
        <label>
          <input type="checkbox" name="compare-alone" checked={spec.compare.alone} disabled={disabled || spec.compare.models.length === 0} onChange={() => set('compare.alone', !spec.compare.alone)} /> and
          each task alone (first model)
        </label>
      </div>
    </section>
  );
});
