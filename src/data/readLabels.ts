// One label per kept user and task: from a label column, or (label builder) from the user's
// raw events in the label window — every row of it, whatever the inputs merge or leave out.
import type { LabelBuilder } from '../run/runSpec';
import type { EventStore } from './eventStore';
import type { KeptUsers } from './keepUsers';
import type { TaskRule } from './labelBuilder';
import type { BuiltLabels } from './taskCheck';
import type { UserOrder } from './userOrder';

export function readLabels(store: EventStore, kept: KeptUsers, { order, offsets }: UserOrder, builder: LabelBuilder | null, rules: TaskRule[]): BuiltLabels {
  const names = [...store.labels.map((l) => l.name), ...(builder?.tasks.map((t) => t.name) ?? [])];
  const K = names.length;
  const numUsers = kept.users.length;
  const labels = new Float32Array(numUsers * K);
  const labelMask = new Float32Array(numUsers * K);
  for (let i = 0; i < numUsers; i++) {
    const u = kept.users[i];
    store.labels.forEach((l, t) => {
      if (l.perUser[u] < 0) return;
      labels[i * K + t] = l.perUser[u];
      labelMask[i * K + t] = 1;
    });
    if (rules.length === 0) continue;
    const w = order.subarray(offsets[u] + kept.windowStart[i], offsets[u] + kept.windowEnd[i]);
    rules.forEach((rule, r) => {
      const t = store.labels.length + r;
      labels[i * K + t] = rule(w);
      labelMask[i * K + t] = 1;
    });
  }
  return { names, fromLog: names.map((_, t) => t >= store.labels.length), labels, labelMask };
}
