// The page's side of a run: the worker, the run spec (mirrored in the address bar), the
// dataset summary and the metrics history. Components read this; only this talks to the worker.
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rejection } from '../run/fields';
import { decodeHash, encodeHash, hashHasRun } from '../run/link';
import { defaultSpec, type Preset, type RunSpec } from '../run/runSpec';
import { createTrainingClient, type TrainingClient } from '../worker/client';
import type { BackendInfo, BackendName, DatasetSummary, FilePreview, LoadProgress, RunState, TrainEvent } from '../worker/protocol';
import { awaitsFile, readSettingsFor, specForAdoptedFile, specForOpenedFile, type ReadSettings } from './data/openedFile';
import { emptyHistory, type RunHistory } from './history';
import { emptyRecipe, reduceRecipe, type RecipeHistory } from './recipeHistory';
import { autoplayRequested, reportToAutomation, requestedBackend, sizeFromDataRequested } from './automation';

export interface LocalFile {
  file: File;
  sha256: string;
  preview: FilePreview;
  /** The run named a file (a link, a spec file) and this one was checked against it and matched. */
  matchedRun: boolean;
}

export interface RunView {
  backend: BackendInfo | null;
  backendError: string | null;
  spec: RunSpec | null;
  /** The spec the worker has loaded; differs from `spec` while a change is being prepared or failed. */
  preparedSpec: RunSpec | null;
  rejected: Rejection[];
  summary: DatasetSummary | null;
  localFile: LocalFile | null;
  state: RunState;
  busy: string | null;
  error: string | null;
  /** Replaced (never mutated) on every change, so charts can memoise on it. */
  history: RunHistory;
  /** The recipe's phases, MCP metrics and compare table (replaced on change, like history). */
  recipe: RecipeHistory;
  /** Reading a dropped file: bytes and rows so far (null when no read is going on). */
  progress: LoadProgress | null;
  /** The log's time span, once a full pass over the dropped file has read it. */
  timeRange: [number, number] | null;
}

/** Renders at most this often while training, so the page stays responsive. */
const RENDER_INTERVAL_MS = 400;

const initialView: RunView = {
  backend: null,
  backendError: null,
  spec: null,
  preparedSpec: null,
  rejected: [],
  summary: null,
  localFile: null,
  state: 'empty',
  busy: 'Starting the training worker…',
  error: null,
  history: emptyHistory(),
  recipe: emptyRecipe(),
  progress: null,
  timeRange: null,
};

export function useRun() {
  const [view, setView] = useState<RunView>(initialView);
  const client = useRef<TrainingClient | null>(null);
  const history = useRef<RunHistory>(emptyHistory());
  const recipe = useRef<RecipeHistory>(emptyRecipe());
  const renderTimer = useRef<number | null>(null);
  const specRef = useRef<RunSpec | null>(null);
  const localFileRef = useRef<LocalFile | null>(null);
  // A newly dropped file's N and steps follow from its data until the user sets either by hand.
  const sizeFromData = useRef(sizeFromDataRequested());
  const presetRef = useRef<Preset>('gpu');

  const patch = useCallback((p: Partial<RunView>) => setView((v) => ({ ...v, ...p })), []);

  const flushHistory = useCallback(() => {
    renderTimer.current = null;
    // A transition: React renders the charts in slices and yields, so input stays responsive.
    startTransition(() => setView((v) => ({ ...v, history: history.current, recipe: recipe.current })));
  }, []);

  const onEvent = useCallback(
    (e: TrainEvent) => {
      reportToAutomation(e);
      const r = reduceRecipe(recipe.current, e);
      if (r) recipe.current = r;
      // Each phase (a model type of a compare run, fine-tuning after pre-training) draws its own curves.
      if (e.kind === 'phase') history.current = emptyHistory();
      if (e.kind === 'step') history.current = { ...history.current, steps: [...history.current.steps, e.metrics] };
      else if (e.kind === 'eval') history.current = { ...history.current, evals: [...history.current.evals, e.metrics] };
      else if (e.kind === 'state') patch({ state: e.state });
      else if (e.kind === 'error') patch({ error: e.message });
      else if (e.kind === 'progress') patch(e.progress.done ? { progress: null, timeRange: e.progress.timeRange ?? null } : { progress: e.progress });
      if ((e.kind === 'step' || e.kind === 'eval' || r) && renderTimer.current === null) {
        renderTimer.current = window.setTimeout(flushHistory, RENDER_INTERVAL_MS);
      }
    },
    [flushHistory, patch],
  );

  /** Loads `spec` into the worker (dataset + fresh model); on failure the previous run stays. */
  const prepare = useCallback(
    async (spec: RunSpec) => {
      const c = client.current;
      if (!c) return;
      // Reset before the worker reports the first phase of the new run.
      recipe.current = emptyRecipe();
      patch({ busy: spec.data.source === 'demo' ? 'Generating the demo data and building the model…' : 'Encoding the file and building the model…', error: null });
      try {
        const summary = await c.api.prepare(spec, sizeFromData.current ? { sizeFor: presetRef.current } : {});
        const prepared = withSize(spec, summary.sizedFromData);
        if (prepared !== spec) {
          specRef.current = prepared;
          window.history.replaceState(null, '', encodeHash(prepared));
        }
        history.current = emptyHistory();
        patch({ summary, spec: specRef.current, preparedSpec: prepared, busy: null, progress: null, history: history.current, recipe: recipe.current, state: 'ready' });
        reportToAutomation({ kind: 'prepared', summary, spec: prepared });
        if (autoplayRequested()) await c.api.play();
      } catch (e) {
        patch({ busy: null, progress: null, error: (e as Error).message });
        reportToAutomation({ kind: 'error', message: (e as Error).message });
      }
    },
    [patch],
  );

  /** Every change of the run goes through here: address bar, then the worker. */
  const setSpec = useCallback(
    (spec: RunSpec, opts: { prepare?: boolean } = {}) => {
      const before = specRef.current;
      if (before && (before.data.seqLen !== spec.data.seqLen || before.train.steps !== spec.train.steps)) sizeFromData.current = false;
      specRef.current = spec;
      window.history.replaceState(null, '', encodeHash(spec));
      patch({ spec });
      if (opts.prepare !== false) void prepare(spec);
    },
    [patch, prepare],
  );

  /** Once the worker's backend runs: the run from the link, else this adapter's defaults. */
  const onBackend = useCallback(
    (backend: BackendInfo) => {
      presetRef.current = backend.software ? 'software' : 'gpu';
      const defaults = defaultSpec(presetRef.current);
      let spec = specRef.current ?? defaults;
      let rejected: Rejection[] = [];
      if (!specRef.current && hashHasRun(window.location.hash)) {
        ({ spec, rejected } = decodeHash(window.location.hash, defaults));
      }
      patch({ backend, rejected, busy: null });
      reportToAutomation({ kind: 'backend', backend });
      setSpec(spec, { prepare: spec.data.source === 'demo' });
    },
    [patch, setSpec],
  );

  /** A new worker on `wanted`; the previous one, if any, is ended. */
  const start = useCallback(
    (wanted: BackendName) => {
      client.current?.terminate();
      const c = createTrainingClient(onEvent);
      client.current = c;
      c.api.startBackend(wanted).then(onBackend, (e: Error) => {
        patch({ busy: null, backendError: e.message });
        reportToAutomation({ kind: 'error', message: e.message });
      });
    },
    [onEvent, onBackend, patch],
  );

  useEffect(() => {
    start(requestedBackend());
    return () => client.current?.terminate();
  }, [start]);

  /** Opens a dropped file (streamed in the worker); `settings` re-reads it another way (delimiter, header…). */
  const openFile = useCallback(
    async (file: File, settings?: ReadSettings) => {
      const c = client.current;
      const spec = specRef.current;
      if (!c || !spec) return;
      patch({ busy: `Reading ${file.name}…`, error: null });
      try {
        const preview = await c.api.openFile(file, settings ?? readSettingsFor(spec, file));
        // A run that names a file it has not got yet keeps its identity and settings: a
        // different file is compared with it, not written over it (the user may adopt it).
        const awaited = awaitsFile(spec, localFileRef.current);
        const matchedRun = awaited && preview.sha256 === spec.data.file?.sha256;
        localFileRef.current = { file, sha256: preview.sha256, preview, matchedRun };
        patch({ localFile: localFileRef.current, busy: null, progress: null, timeRange: null });
        if (awaited && !matchedRun) return;
        // A file new to the run (not the one its link named) gets N and steps from its data.
        if (!awaited) sizeFromData.current = true;
        setSpec(specForOpenedFile(spec, preview, settings));
      } catch (e) {
        patch({ busy: null, progress: null, error: `${file.name}: ${(e as Error).message}` });
        reportToAutomation({ kind: 'error', message: (e as Error).message });
      }
    },
    [patch, setSpec],
  );

  /** Trains on the dropped file although it is not the run's: the run's settings are kept where they fit it. */
  const adoptLocalFile = useCallback(() => {
    const spec = specRef.current;
    const local = localFileRef.current;
    if (spec && local) setSpec(specForAdoptedFile(spec, local.preview));
  }, [setSpec]);

  const control = useCallback(
    async (action: 'play' | 'pause' | 'step' | 'reset') => {
      const c = client.current;
      if (!c) return;
      try {
        if (action === 'play') await c.api.play();
        else if (action === 'pause') await c.api.pause();
        else if (action === 'step') await c.api.stepOnce();
        else {
          recipe.current = emptyRecipe();
          const summary = await c.api.reset();
          history.current = emptyHistory();
          patch({ history: history.current, recipe: recipe.current, summary, state: 'ready' });
        }
      } catch (e) {
        patch({ error: (e as Error).message });
      }
    },
    [patch],
  );

  return {
    view,
    setSpec,
    openFile,
    adoptLocalFile,
    /** Stops reading a dropped file; the previous dataset stays. */
    cancelLoad: useCallback(() => void client.current?.api.cancelLoad(), []),
    control,
    /** Another backend, after WebGPU failed: a new worker on it. */
    useBackend: (b: BackendName) => {
      patch({ busy: `Starting the ${b} backend…`, backendError: null });
      start(b);
    },
    dismissError: () => patch({ error: null }),
    setRejected: (rejected: Rejection[]) => patch({ rejected }),
    /** Saved pre-trained encoders (IndexedDB in the worker). */
    encoders: useMemo(
      () => ({
        list: () => workerApi(client.current).listEncoders(),
        download: (name: string) => workerApi(client.current).encoderFile(name),
        upload: (file: File) => workerApi(client.current).uploadEncoder(file),
        remove: (name: string) => workerApi(client.current).removeEncoder(name),
      }),
      [],
    ),
    embed: useCallback(async (max: number) => {
      if (!client.current) throw new Error('The training worker is not running.');
      return client.current.api.embedValidation(max);
    }, []),
  };
}

/** `spec` with the N and steps the worker set from the data, or `spec` itself when it set none. */
function withSize(spec: RunSpec, sized: DatasetSummary['sizedFromData']): RunSpec {
  if (!sized || (sized.seqLen === spec.data.seqLen && sized.steps === spec.train.steps)) return spec;
  return { ...spec, data: { ...spec.data, seqLen: sized.seqLen }, train: { ...spec.train, steps: sized.steps } };
}

function workerApi(c: TrainingClient | null): TrainingClient['api'] {
  if (!c) throw new Error('The training worker is not running.');
  return c.api;
}
