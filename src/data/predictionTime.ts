// When the model predicts (data.predictionTime). Input events are a user's events strictly
// before it; each event's age and the per-user summary are measured at it. Empty means the
// label window's cutoff when labels are built from the log (the inputs then stop where the
// labels begin, as before this setting existed), else the end of the log.
import { describeTime, endOfLog, parseCutoff, type LabelWindow } from './labelBuilder';
import type { EventStore } from './eventStore';
import { DataError } from './rawTable';

/** The prediction time in ms since 1970; undefined without a time column (the label window is then positional). */
export function resolvePredictionTime(store: EventStore, setting: string, window: LabelWindow | null): number | undefined {
  if (!store.time) return undefined;
  if (setting.trim() === '') return window?.byTime ? window.cutoff : endOfLog(store.time);
  const t = parseCutoff(setting);
  if (!Number.isFinite(t)) {
    throw new DataError({ problem: `The prediction time "${setting}" is not a date or time.`, hint: 'Write it as an ISO date or date-time (2011-09-01 or 2011-09-01T12:00, UTC unless a zone is given), or leave it empty.' });
  }
  if (window?.byTime && t > window.cutoff) {
    throw new DataError({
      problem: `The prediction time ${describeTime(t)} is after the label cutoff ${describeTime(window.cutoff)}: events of the label window would be inputs, so the model would see the labels it predicts.`,
      hint: 'Set the prediction time at or before the label cutoff, or leave it empty to predict at the cutoff.',
    });
  }
  return t;
}
