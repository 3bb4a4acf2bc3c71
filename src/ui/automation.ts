// Hooks for driving the app without a person: the headless runner and the end-to-end tests
// read every event through `window.__supermoeEvent` and can ask for training to start
// as soon as the data is ready (`?autoplay=1`).
import type { RunSpec } from '../run/runSpec';
import type { BackendInfo, BackendName, DatasetSummary, Drill, TrainEvent } from '../worker/protocol';

export type AutomationEvent =
  | TrainEvent
  | { kind: 'backend'; backend: BackendInfo }
  | { kind: 'prepared'; summary: DatasetSummary; spec: RunSpec }
  // The worker kept a state to resume from (its step; the state itself stays in the page), and a restarted worker went on from one.
  | { kind: 'keptStep'; step: number }
  | { kind: 'restarted'; step: number };

declare global {
  interface Window {
    __supermoeEvent?: (json: string) => void;
    __supermoeDrill?: (fault: Drill) => Promise<void>;
  }
}

export function reportToAutomation(e: AutomationEvent): void {
  window.__supermoeEvent?.(JSON.stringify(e));
}

/** `?drills=1`: the page offers `window.__supermoeDrill(fault)` (npm run bench:faults, e2e) to cause a fault on demand. */
export function drillsRequested(): boolean {
  return new URLSearchParams(window.location.search).has('drills');
}

export function autoplayRequested(): boolean {
  return new URLSearchParams(window.location.search).has('autoplay');
}

/** `?backend=webgl|cpu` starts another backend than WebGPU (headless runs, comparisons). */
export function requestedBackend(): BackendName {
  const b = new URLSearchParams(window.location.search).get('backend');
  return b === 'webgl' || b === 'cpu' ? b : 'webgpu';
}

/** `?size=data`: a dropped file's N and steps follow from the data (the headless runner's "default run for a file", as when a new file is dropped by hand). */
export function sizeFromDataRequested(): boolean {
  return new URLSearchParams(window.location.search).get('size') === 'data';
}
