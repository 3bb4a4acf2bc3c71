// Hands a value on to one chart in its own macrotask. The charts all read the same history,
// and recharts renders and commits a chart (and its internal store's follow-up renders)
// synchronously: updating them together made one main-thread task of 100-250 ms on a slow
// machine; one task per chart keeps each short, so the page answers input while training.
import { useEffect, useState } from 'react';

/** Gap between two charts' updates; the slots of all charts fit in the history's render interval. */
const SLOT_MS = 60;

/** `value`, shown `slot` slots after it changes (slot 0: the next macrotask). */
export function useStaggered<T>(value: T, slot: number): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setShown(() => value), slot * SLOT_MS);
    return () => window.clearTimeout(id);
  }, [value, slot]);
  return shown;
}
