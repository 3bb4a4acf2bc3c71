// What the build left out or changed, as sentences for the data summary.
import type { DiscreteChannel } from './dataset';
import type { EventStore } from './eventStore';
import type { KeptUsers } from './keepUsers';
import { describeTime, describeWindow, type LabelWindow } from './labelBuilder';

export const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const were = (n: number) => (n === 1 ? 'was' : 'were');

export interface NoteFacts {
  store: EventStore;
  kept: KeptUsers;
  window: LabelWindow | null;
  minEvents: number;
  /** Set when data.predictionTime was given (not the default: the cutoff or the end of the log). */
  explicitTime?: number;
  /** Same-time rows merged into one event. */
  merged: boolean;
  /** Asked to merge, but the log has no time column. */
  mergeIgnored: boolean;
  minUsers: number;
  /** Vocabularies were fitted on the training users of a split (else on every user). */
  split: boolean;
  discrete: DiscreteChannel[];
}

export function buildNotes(f: NoteFacts): string[] {
  const { store, kept, window, minEvents } = f;
  const out: string[] = [];
  const rows = (n: number, what: string) => `${count(n, 'row')} without ${what} ${were(n)} left out.`;
  if (store.droppedNoUser > 0) out.push(rows(store.droppedNoUser, 'a user'));
  if (store.droppedNoTime > 0) out.push(rows(store.droppedNoTime, 'a time'));
  const before = f.explicitTime !== undefined ? `the prediction time (${describeTime(f.explicitTime)})` : 'the label window';
  if (window) out.push(`Labels from the log: inputs are the events before ${before}${f.explicitTime !== undefined ? `; labels come from ${describeWindow(window)}` : ` (${describeWindow(window)})`}.`);
  else if (f.explicitTime !== undefined) out.push(`Inputs are the events before the prediction time (${describeTime(f.explicitTime)}).`);
  if (kept.noHistory > 0) out.push(`${count(kept.noHistory, 'user')} without events before ${before} ${were(kept.noHistory)} left out.`);
  if (kept.tooFew > 0) out.push(`${count(kept.tooFew, 'user')} with fewer than ${minEvents} events ${were(kept.tooFew)} left out (minimum events per user).`);
  if (f.merged) out.push(mergeNote(kept));
  if (f.mergeIgnored) out.push('Events with the same time were not merged: the log has no time column.');
  const rare = f.discrete.filter((c) => c.tooFewUsers);
  if (rare.length > 0) {
    const list = rare.map((c) => count(c.tooFewUsers!, `${c.name} value`)).join(', ');
    out.push(`ID values seen in fewer than ${f.minUsers} ${f.split ? 'training users' : 'users'} go to the OOV buckets (ID minimum users): ${list}.`);
  }
  return out;
}

function mergeNote(kept: KeptUsers): string {
  let rows = 0;
  let events = 0;
  for (let i = 0; i < kept.users.length; i++) {
    rows += kept.inputEnd[i];
    events += kept.inputEvents[i];
  }
  return `Rows of a user with the same time were merged into one event: ${count(rows, 'input row')} became ${count(events, 'event')} (${count(rows - events, 'row')} merged).`;
}
