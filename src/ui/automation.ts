// Hooks for driving the app without a person: the headless runner and the end-to-end tests
// read every event through `window.__supermoeEvent` and can ask for training to start
// as soon as the data is ready (`?autoplay=1`).
import type { RunSpec } from '../run/runSpec';
import type { BackendInfo, BackendName, DatasetSummary, TrainEvent } from '../worker/protocol';

export type AutomationEvent =
  | TrainEvent
  | { kind: 'backend'; backend: BackendInfo }
  | { kind: 'prepared'; summary: DatasetSummary; spec: RunSpec };

declare global {
  interface Window {
    __supermoeEvent?: (json: string) => void;
  }
}

export function reportToAutomation(e: AutomationEvent): void {
  window.__supermoeEvent?.(JSON.stringify(e));
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
