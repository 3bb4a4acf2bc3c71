// Model and training settings of the run; every change resets the run (a new link). The model
// types and which settings each reads come from the registry (src/run/modelTypes.ts).
import { memo } from 'react';
import { MODEL_TYPE_KEYS, modelName, readsSetting, type ModelSettingKey } from '../run/modelTypes';
import type { RunSpec } from '../run/runSpec';
import { CheckField, NumberField, SelectField, TextField } from './fields';

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
        <NumberField {...model('dropout')} hint="Share of the event representations (MFP output) and of H zeroed while training (README §Model 2.5)." />
        <SelectField
          {...model('towerInit')}
          options={[
            ['cann', 'The baseline, kept (CANN)'],
            ['baseline', 'At the baseline, trained'],
            ['random', 'Random'],
          ]}
          hint="Each task's tower starts as the logistic regression on the user summary, H's weights at 0, so training starts from the bar. Kept: the regression stays fixed and the network learns only what the history adds to it; before the first step the model is the baseline itself, a step a task may keep (README §Model 2.5)."
        />
        <NumberField {...model('summaryHidden')} hint="The towers also read a ReLU layer of this many units on the user summary, so one summary input can weigh another (many orders of few items against few large ones); its output weights start at 0, so the first logits stay the baseline's (0: the summary read linearly only; README §Model 2.5)." />
        <CheckField {...model('wideIds')} hint="The towers also add one weight per value of each category and ID column, summed over the user's events (a regression on the bag of items they hold, L2-regularised, starting at 0): which items a user bought, which the sequence encoder alone learns slowly on a small log (README §Model 2.5)." />
        <CheckField {...model('wideFit')} hint="With the towers keeping the baseline fixed: before the first step the value weights are fitted as a regression on the bag of values beside the baseline's (L2, C = 0.01) and then kept fixed too, so the model starts at that regression and the network learns what it misses. Off: trained from 0 with the network (README §Model 2.5)." />
        <SelectField
          {...model('wideBag')}
          options={[
            ['presence', 'Each value a user holds, once'],
            ['count', 'Every event (OOV buckets too)'],
          ]}
          hint="Once: the bag is which known values the user's events hold, as Wide & Deep's binary features, so a value repeated on one long invoice, or the user's country on every event, does not outweigh the L2 prior. Every event: one weight per event and column, as in version 7 (README §Model 2.5)."
        />
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
        <SelectField
          {...common}
          field="train.schedule"
          options={[
            ['cosine', 'Cosine to a tenth'],
            ['constant', 'Constant'],
          ]}
        />
        <NumberField {...common} field="train.warmup" hint="Share of the steps over which the learning rate rises linearly from 0." />
        <NumberField {...common} field="train.weightDecay" hint="AdamW's decoupled decay on weight matrices and embeddings (not biases or LayerNorm)." />
        <NumberField {...common} field="train.clipNorm" hint="A step's gradients are scaled down to this global L2 norm when larger, so one huge step cannot wreck the weights (0: off)." />
        <NumberField {...common} field="train.emaDecay" hint="Evaluations, early stopping and exports use a moving average of the weights over about 1 / (1 − decay) steps, which follows the trend rather than the last batch (0: off, the weights themselves)." />
        <NumberField
          {...common}
          field="train.earlyStopHoldout"
          hint="Share of the training users not trained on that scores every evaluation; the best step's weights are kept (0: keep the last step). Never the users whose AUC is reported."
        />
        <NumberField {...common} field="train.patience" hint="Evaluations without a better holdout score before training stops (0: run every step)." />
        <CheckField
          {...common}
          field="train.earlyStopPerTask"
          label="Best step per task"
          hint="Each task reports its AUC from the step best on its own holdout AUC (tasks peak at different steps); the run goes on with the joint best step's weights."
        />
      </div>
      <h2>Inputs from the log</h2>
      <div className="grid">
        <TextField
          {...common}
          field="data.predictionTime"
          placeholder="label cutoff / end of log"
          hint="When the model predicts (ISO date, UTC): only events before it are inputs. Empty: the label cutoff when labels come from the log, else just after its last event."
        />
        <CheckField {...common} field="data.eventAge" hint="Each event's age at the prediction time, as an embedding of log-spaced buckets (README §Model 1)." />
        <CheckField {...common} field="data.userSummary" hint="Per-user counts, recency, sums and distinct values over the whole history, beside H before the towers, and the baseline's features." />
        <CheckField {...common} field="data.mergeSameTime" hint="A user's events with one timestamp (a basket, an invoice) become one event, so N covers more of the history." />
        <NumberField {...common} field="data.idMinUsers" hint="An ID value seen in fewer training users than this goes to the shared OOV buckets (an invoice number cannot generalise)." />
        <CheckField {...common} field="data.holdoutUnseen" hint="The vocabularies and normalisations are fitted without the early-stopping holdout's users, so the holdout meets the model as validation users and new users do: its rare values go to the OOV buckets instead of to entries only it and one or two others hold (README §Model 3.5)." />
      </div>
    </section>
  );
});
