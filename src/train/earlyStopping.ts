// Early stopping (README §Model 3.5; train.earlyStopHoldout, train.patience): a share of the
// training users is held out of training and scored at every evaluation; the step with the best
// score is the one whose weights the phase keeps (its checkpoint is restored at the end), and
// with a patience training stops after that many evaluations without a better score. The users
// whose validation AUC is reported never choose anything.
import type { Checkpoint } from './checkpoint';

/**
 * The score that chooses the step: the mean holdout AUC over the tasks being trained
 * (`scored`; an each-task-alone run scores its one task) whose AUC is defined; null when none is.
 */
export function selectionScore(auc: readonly (number | null)[], scored: readonly boolean[]): number | null {
  const defined = auc.filter((a, k): a is number => a !== null && scored[k]);
  return defined.length > 0 ? defined.reduce((s, a) => s + a, 0) / defined.length : null;
}

/** What early stopping keeps of the best step: a Checkpoint in training. */
export interface Kept {
  readonly step: number;
  dispose(): void;
}

export class EarlyStopping<C extends Kept = Checkpoint> {
  private best: { score: number; checkpoint: C } | null = null;
  /** Scored evaluations since the best one. */
  private sinceBest = 0;

  /** `patience`: scored evaluations without a better score before training stops; 0 = never stop. */
  constructor(private readonly patience: number) {}

  /**
   * Scores the evaluation after step `step`. A better score than the best so far (a tie keeps
   * the earlier step) replaces the kept checkpoint by `take()`. An evaluation without a score
   * (no defined AUC) neither chooses nor counts toward the patience.
   */
  observe(score: number | null, take: () => C): void {
    if (score === null) return;
    if (this.best !== null && score <= this.best.score) {
      this.sinceBest++;
      return;
    }
    this.best?.checkpoint.dispose();
    this.best = { score, checkpoint: take() };
    this.sinceBest = 0;
  }

  /** The step whose weights are kept so far; null before any scored evaluation. */
  get chosenStep(): number | null {
    return this.best?.checkpoint.step ?? null;
  }

  /** The best checkpoint, to restore at the end of the phase. */
  get checkpoint(): C | null {
    return this.best?.checkpoint ?? null;
  }

  get stop(): boolean {
    return this.patience > 0 && this.sinceBest >= this.patience;
  }

  dispose(): void {
    this.best?.checkpoint.dispose();
    this.best = null;
  }
}
