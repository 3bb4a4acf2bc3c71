// Which phase of the run is going on (MCP pre-training, fine-tuning, each model type of a
// compare run, each task alone), and how far it is.
import type { PhaseTag, RunState } from '../worker/protocol';

export function PhaseBanner({ phase, step, state }: { phase: PhaseTag | null; step: number; state: RunState }) {
  if (!phase || phase.count < 2) return null;
  return (
    <p className="notice" data-testid="phase" data-kind={phase.kind} data-model={phase.model} data-index={phase.index}>
      Phase {phase.index + 1} of {phase.count}: <strong>{phase.label}</strong> · step {step} / {phase.steps}
      {state === 'done' && ' · all phases done'}
    </p>
  );
}
