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
  return { api, terminate: () => worker.terminate() };
}
