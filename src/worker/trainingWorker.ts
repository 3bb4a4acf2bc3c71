// The dedicated module worker: every tfjs call of the app runs here, so the page never
// blocks on training. The page talks to it through comlink (see client.ts).
import * as Comlink from 'comlink';
import type { ReadSettings } from '../data/loadFile';
import type { RunSpec } from '../run/runSpec';
import type { KeptState } from '../train/checkpoint';
import { probeWebGpu, startBackend, webGpuDevice, type BackendName } from './backend';
import { importEncoder, indexedDbEncoders } from './encoderStore';
import type { Drill, ExportProgress, PrepareOptions, TrainEvent } from './protocol';
import { TrainingSession } from './session';

const session = new TrainingSession();

/** Starts the backend; on WebGPU, a lost device (driver reset, GPU taken, device.destroy()) stops training with a message. */
async function start(wanted?: BackendName) {
  const info = await startBackend(wanted);
  void webGpuDevice()?.lost.then((lost) => session.deviceLost(lost.message || lost.reason || 'no reason given'));
  return info;
}

const api = {
  startBackend: start,
  probeWebGpu,
  subscribe: (listener: (e: TrainEvent) => void) => session.subscribe(listener),
  // A File is structured-clonable: the worker streams it, the page never reads its bytes.
  openFile: (file: File, settings: ReadSettings) => session.openFile(file, settings),
  readEvents: (spec: RunSpec) => session.readEvents(spec),
  cancelLoad: () => session.cancelLoad(),
  prepare: (spec: RunSpec, opts?: PrepareOptions) => session.prepare(spec, opts),
  play: () => session.play(),
  pause: () => session.pause(),
  stepOnce: () => session.stepOnce(),
  reset: () => session.reset(),
  embedValidation: (max: number) => session.embedValidation(max),
  resume: (state: KeptState) => session.resume(state),
  // Fault drills (npm run bench:faults, e2e): what a real fault would do, on demand.
  drill: (fault: Drill) => drill(fault),
  // Saved pre-trained encoders (IndexedDB, in this worker): list, download, upload, delete.
  listEncoders: () => indexedDbEncoders.list(),
  encoderFile: async (name: string) => {
    const bytes = await indexedDbEncoders.load(name);
    if (!bytes) throw new Error(`No saved encoder named ${name}.`);
    return Comlink.transfer(bytes, [bytes]);
  },
  uploadEncoder: async (file: File) => importEncoder(indexedDbEncoders, await file.arrayBuffer()),
  removeEncoder: (name: string) => indexedDbEncoders.remove(name),
  // Export & score (issue 10): progress goes to a Comlink.proxy callback; files come back as Blobs.
  exportRun: (onProgress?: (p: ExportProgress) => void) => session.desk.exportRun(onProgress),
  saveModel: async () => {
    const { name, bytes } = await session.desk.saveModel();
    return Comlink.transfer({ name, bytes }, [bytes]);
  },
  loadModel: (file: File) => session.desk.loadModel(file),
  unloadModel: () => session.desk.unloadModel(),
  scoringModel: () => session.desk.scoringModel(),
  scoreFile: (file: File, onProgress?: (p: ExportProgress) => void) => session.desk.scoreFile(file, onProgress),
  cancelExport: () => session.desk.cancel(),
};

/** destroyDevice: the GPU device is destroyed, as a driver reset would lose it; throw: an uncaught error in the worker, as a crash would leave it; poison: a NaN in the weights. */
function drill(fault: Drill): void {
  if (fault === 'destroyDevice') webGpuDevice()?.destroy();
  else if (fault === 'poison') void session.poison();
  else setTimeout(() => {
    throw new Error('fault drill: an uncaught error in the training worker');
  });
}

export type WorkerApi = typeof api;

Comlink.expose(api);
