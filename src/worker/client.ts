// The page's handle on the training worker.
import * as Comlink from 'comlink';
import type { TrainEvent } from './protocol';
import type { WorkerApi } from './trainingWorker';

export interface TrainingClient {
  api: Comlink.Remote<WorkerApi>;
  terminate(): void;
}

export function createTrainingClient(onEvent: (e: TrainEvent) => void): TrainingClient {
  const worker = new Worker(new URL('./trainingWorker.ts', import.meta.url), { type: 'module', name: 'supermoe-training' });
  const api = Comlink.wrap<WorkerApi>(worker);
  void api.subscribe(Comlink.proxy(onEvent));
  // An uncaught error leaves the worker in an unknown state: the page says so and offers a new one.
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    const message =
      `The training worker stopped on an uncaught error (${ev.message || 'no message'}). The charts so far are kept. ` +
      'Press “Restart worker” to start a new one and go on from the last kept state (a run that cannot resume starts again from step 0).';
    onEvent({ kind: 'fault', fault: { kind: 'workerError', message, restart: true } });
  });
  return { api, terminate: () => worker.terminate() };
}
