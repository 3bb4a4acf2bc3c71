// The dedicated module worker: every tfjs call of the app runs here, so the page never
// blocks on training. The page talks to it through comlink (see client.ts).
import * as Comlink from 'comlink';
import type { ReadSettings } from '../data/loadFile';
import type { RunSpec } from '../run/runSpec';
import { probeWebGpu, startBackend, type BackendName } from './backend';
import { importEncoder, indexedDbEncoders } from './encoderStore';
import type { ExportProgress, PrepareOptions, TrainEvent } from './protocol';
import { TrainingSession } from './session';

const session = new TrainingSession();

const api = {
  startBackend: (wanted?: BackendName) => startBackend(wanted),
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

export type WorkerApi = typeof api;

Comlink.expose(api);
