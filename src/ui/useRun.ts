// The page's side of a run: the worker, the run spec (mirrored in the address bar), the
// dataset summary and the metrics history. Components read this; only this talks to the worker.
//
// Every change of the run goes through one gate (`askFirst`, discardGate.ts): when it would
// throw away trained steps it asks first (view.question), then `apply` writes the address bar,
// discards the old run on the page and has the worker load the new one (`loadFor`).
import * as Comlink from 'comlink';
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rejection } from '../run/fields';
import { decodeHash, encodeHash, fromJson, hashHasRun, notARunSpec, toJson, type DecodeResult } from '../run/link';
import { defaultSpec, type Preset, type RunSpec } from '../run/runSpec';
import { sizeDiffers, sizedSpec } from '../data/runSize';
import { createTrainingClient, type TrainingClient } from '../worker/client';
import type { BackendInfo, BackendName, DatasetSummary, Fault, KeptState, RunState, TrainEvent } from '../worker/protocol';
import { awaitsFile, describeRead, readSettingsFor, specForAdoptedFile, specForOpenedFile, type ReadSettings } from './data/openedFile';
import type { ScoringApi } from './ExportPanel';
import { emptyHistory, historyUpTo, type RunHistory } from './history';
import { emptyRecipe, reduceRecipe, type RecipeHistory } from './recipeHistory';
import { autoplayRequested, drillsRequested, reportToAutomation, requestedBackend, sizeFromDataRequested } from './automation';
import { losesWork, useDiscardGate, type DiscardedRun, type DiscardQuestion } from './discardGate';
import { describeChange, loadFor, sameData } from './runChange';
import { initialView, type LocalFile, type RunView } from './runView';

/** Renders at most this often while training, so the page stays responsive. */
const RENDER_INTERVAL_MS = 400;

export interface RunOptions {
  /** Called with a run just before a change or Reset discards it. Run history (another issue) keeps it here. */
  onDiscard?(run: DiscardedRun): void;
}

export function useRun({ onDiscard }: RunOptions = {}) {
  const [view, setView] = useState<RunView>(initialView);
  const client = useRef<TrainingClient | null>(null);
  const history = useRef<RunHistory>(emptyHistory());
  const recipe = useRef<RecipeHistory>(emptyRecipe());
  const renderTimer = useRef<number | null>(null);
  const specRef = useRef<RunSpec | null>(null);
  const summaryRef = useRef<DatasetSummary | null>(null);
  const localFileRef = useRef<LocalFile | null>(null);
  // A newly dropped file's size follows from its data (while the run's size is the preset's or was set from data) until the user sets it by hand.
  const sizeFromData = useRef(sizeFromDataRequested());
  const presetRef = useRef<Preset>('gpu');
  /** Defaults of the adapter's preset: a link's or spec file's rejected fields fall back to these. */
  const defaultsRef = useRef<RunSpec | null>(null);
  /** Steps trained since the run was prepared (every phase), and the worker's state: what a change would throw away. */
  const trained = useRef(0);
  const stateRef = useRef<RunState>('empty');
  /** Counts loads: a load's result is dropped when a later change has started another. */
  const loads = useRef(0);
  /** The training state the worker kept at its last evaluation (single training runs): a restarted worker resumes from it. */
  const kept = useRef<KeptState | null>(null);
  const onDiscardRef = useRef(onDiscard);
  useEffect(() => {
    onDiscardRef.current = onDiscard;
  }, [onDiscard]);

  const patch = useCallback((p: Partial<RunView>) => setView((v) => ({ ...v, ...p })), []);
  const trainedNow = useCallback(() => ({ steps: trained.current, state: stateRef.current }), []);
  const { askFirst, answer } = useDiscardGate(
    trainedNow,
    useCallback((question: DiscardQuestion | null) => patch({ question }), [patch]),
  );

  const flushHistory = useCallback(() => {
    renderTimer.current = null;
    // A transition: React renders the charts in slices and yields, so input stays responsive.
    startTransition(() => setView((v) => ({ ...v, history: history.current, recipe: recipe.current })));
  }, []);

  /** A fault stopped training: the history goes back to where the state is; a worker in an unknown state is ended (Restart starts a new one). */
  const onFault = useCallback(
    (fault: Fault) => {
      if (fault.kind === 'nonFinite' && fault.step !== undefined && fault.restoredStep !== undefined) {
        history.current = historyUpTo(history.current, fault.restoredStep);
        trained.current = Math.max(0, trained.current - (fault.step - 1 - fault.restoredStep));
      }
      if (fault.kind === 'workerError') {
        client.current?.terminate();
        stateRef.current = 'paused';
        patch({ state: 'paused' });
      }
      patch({ fault });
    },
    [patch],
  );

  const onEvent = useCallback(
    (e: TrainEvent) => {
      // A kept state is large: automation hears only its step.
      reportToAutomation(e.kind === 'kept' ? { kind: 'keptStep', step: e.state.step } : e);
      const r = reduceRecipe(recipe.current, e);
      if (r) recipe.current = r;
      // Each phase (a model type of a compare run, fine-tuning after pre-training) draws its own curves.
      if (e.kind === 'phase') history.current = emptyHistory();
      if (e.kind === 'step' || e.kind === 'mcpStep') trained.current++;
      if (e.kind === 'step') history.current = { ...history.current, steps: [...history.current.steps, e.metrics] };
      else if (e.kind === 'eval') history.current = { ...history.current, evals: [...history.current.evals, e.metrics] };
      else if (e.kind === 'state') {
        stateRef.current = e.state;
        patch({ state: e.state });
      } else if (e.kind === 'error') patch({ error: e.message });
      else if (e.kind === 'fault') onFault(e.fault);
      else if (e.kind === 'kept') kept.current = e.state;
      else if (e.kind === 'progress') patch(e.progress.done ? { progress: null, timeRange: e.progress.timeRange ?? null } : { progress: e.progress });
      if ((e.kind === 'step' || e.kind === 'eval' || e.kind === 'fault' || r) && renderTimer.current === null) {
        renderTimer.current = window.setTimeout(flushHistory, RENDER_INTERVAL_MS);
      }
    },
    [flushHistory, patch, onFault],
  );

  /** Starts the page's record of a new run (after a prepare, a discard or Reset). The recipe is reset before the worker is asked, as it reports the new run's first phase while preparing. */
  const clearRun = useCallback(() => {
    trained.current = 0;
    kept.current = null;
    history.current = emptyHistory();
    setView((v) => ({ ...v, history: history.current, recipe: recipe.current, runKey: v.runKey + 1, fault: null }));
  }, []);

  /** Hands the run to run history (the seam), stops the worker's loop, and clears it from the page. */
  const discardRun = useCallback(
    async (spec: RunSpec) => {
      onDiscardRef.current?.({ spec, summary: summaryRef.current, history: history.current, recipe: recipe.current, steps: trained.current });
      // The loop's last events arrive before pause() returns: none lands in the cleared history.
      if (stateRef.current === 'running') await client.current?.api.pause();
      recipe.current = emptyRecipe();
      clearRun();
    },
    [clearRun],
  );

  /** Loads `spec` into the worker (dataset + fresh model); on failure the previous run stays. */
  const prepare = useCallback(
    async (spec: RunSpec, load: number) => {
      const c = client.current;
      if (!c) return;
      // Reset before the worker reports the first phase of the new run.
      recipe.current = emptyRecipe();
      patch({ busy: spec.data.source === 'demo' ? 'Generating the demo data and building the model…' : 'Encoding the file and building the model…' });
      try {
        const summary = await c.api.prepare(spec, sizeFromData.current ? { sizeFor: presetRef.current } : {});
        if (load !== loads.current) return;
        // The worker may have set N and steps from the data: the run is then that spec.
        const prepared = withSize(spec, summary.sizedFromData);
        if (prepared !== spec) {
          specRef.current = prepared;
          window.history.replaceState(null, '', encodeHash(prepared));
        }
        summaryRef.current = summary;
        clearRun();
        patch({ summary, spec: prepared, preparedSpec: prepared, busy: null, progress: null, state: 'ready' });
        stateRef.current = 'ready';
        reportToAutomation({ kind: 'prepared', summary, spec: prepared });
        if (autoplayRequested()) await c.api.play();
      } catch (e) {
        if (load !== loads.current) return;
        const message = (e as Error).message;
        // A refusal the worker reported as a fault (a model too big for the GPU) is shown once, by its notice.
        setView((v) => ({ ...v, busy: null, progress: null, error: v.fault?.message === message ? null : message }));
        reportToAutomation({ kind: 'error', message });
      }
    },
    [patch, clearRun],
  );

  /** A file run without a task: only its rows are read (the time span, for the label builder); building a task is the next step. */
  const readEvents = useCallback(
    async (spec: RunSpec, load: number) => {
      const c = client.current;
      if (!c) return;
      patch({ busy: 'Reading every row of the file…' });
      try {
        await c.api.readEvents(spec);
        if (load === loads.current) patch({ busy: null, progress: null });
      } catch (e) {
        if (load !== loads.current) return;
        patch({ busy: null, progress: null, error: (e as Error).message });
        reportToAutomation({ kind: 'error', message: (e as Error).message });
      }
    },
    [patch],
  );

  /** Makes `spec` the run: address bar, notices (`rejected` fields, or 'keep' the notice), the old run discarded, then the worker loads what it can. */
  const apply = useCallback(
    async (spec: RunSpec, rejected: Rejection[] | 'keep' = []) => {
      const before = specRef.current;
      if (before && sizeDiffers(before, spec)) sizeFromData.current = false;
      specRef.current = spec;
      window.history.replaceState(null, '', encodeHash(spec));
      const load = ++loads.current;
      // One dataset on screen: the summary of other data goes with the change, not when the new one is built.
      const otherData = !before || !sameData(before, spec);
      if (otherData) summaryRef.current = null;
      patch({ spec, error: null, ...(rejected === 'keep' ? {} : { rejected }), ...(otherData ? { summary: null } : {}) });
      if (before && losesWork(trainedNow())) await discardRun(before);
      if (load !== loads.current) return;
      const what = loadFor(spec, localFileRef.current?.sha256 ?? null);
      if (what === 'prepare') await prepare(spec, load);
      else if (what === 'read') await readEvents(spec, load);
    },
    [patch, trainedNow, discardRun, prepare, readEvents],
  );

  /** An edit of the run from the page (a field, a role, the label builder…); it clears the notice of rejected fields. */
  const setSpec = useCallback(
    (spec: RunSpec) => {
      const from = specRef.current;
      if (from && JSON.stringify(from) === JSON.stringify(spec)) return;
      askFirst(from ? describeChange(from, spec) : [], () => void apply(spec));
    },
    [askFirst, apply],
  );

  /**
   * A run opened from a link (also one edited in the address bar) or a spec file; `keep` runs
   * when the user keeps the current run instead.
   */
  const openRun = useCallback(
    ({ spec, rejected }: DecodeResult, keep?: () => void) => {
      const from = specRef.current;
      if (from && JSON.stringify(from) === JSON.stringify(spec)) {
        // The same run: the address bar shows it as it is, the notice says what was refused.
        window.history.replaceState(null, '', encodeHash(spec));
        return patch({ rejected });
      }
      askFirst(from ? describeChange(from, spec) : [], () => void apply(spec, rejected), keep);
    },
    [askFirst, apply, patch],
  );

  /** Once the worker's backend runs: the run from the link, else this adapter's defaults. */
  const onBackend = useCallback(
    (backend: BackendInfo) => {
      presetRef.current = backend.software ? 'software' : 'gpu';
      const defaults = defaultSpec(presetRef.current);
      defaultsRef.current = defaults;
      let spec = specRef.current ?? defaults;
      let rejected: Rejection[] = [];
      if (!specRef.current && hashHasRun(window.location.hash)) {
        ({ spec, rejected } = decodeHash(window.location.hash, defaults));
      }
      patch({ backend, busy: null });
      reportToAutomation({ kind: 'backend', backend });
      void apply(spec, rejected);
    },
    [patch, apply],
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

  /**
   * After a lost device or a dead worker: a new worker on the same backend, the same run
   * prepared again, and (a single training run) the state kept at its last evaluation put back;
   * the charts keep the history up to that step.
   */
  const restartWorker = useCallback(async () => {
    const spec = specRef.current;
    if (!spec) return;
    const saved = { history: history.current, recipe: recipe.current, state: kept.current };
    client.current?.terminate();
    const c = createTrainingClient(onEvent);
    client.current = c;
    patch({ busy: 'Restarting the training worker…', error: null });
    try {
      await c.api.startBackend(view.backend?.backend ?? requestedBackend());
      await c.api.prepare(spec);
      const step = saved.state ? await c.api.resume(saved.state) : 0;
      history.current = historyUpTo(saved.history, step);
      recipe.current = saved.recipe;
      kept.current = saved.state;
      trained.current = step;
      stateRef.current = 'paused';
      patch({ busy: null, fault: null, state: 'paused', history: history.current, recipe: recipe.current });
      reportToAutomation({ kind: 'restarted', step });
    } catch (e) {
      patch({ busy: null, error: `The worker did not restart: ${(e as Error).message}. Reload the page to start again (the link keeps the run's settings).` });
      reportToAutomation({ kind: 'error', message: (e as Error).message });
    }
  }, [onEvent, patch, view.backend]);

  // Fault drills for npm run bench:faults and the e2e tests (?drills=1 only).
  useEffect(() => {
    if (!drillsRequested()) return;
    window.__supermoeDrill = async (fault) => client.current?.api.drill(fault);
    return () => {
      delete window.__supermoeDrill;
    };
  }, []);

  // A link edited in the address bar is opened like any link (asking first if it discards steps);
  // kept runs put their own link back, so the address bar never shows another run than the page.
  useEffect(() => {
    const onHashChange = () => {
      const spec = specRef.current;
      const defaults = defaultsRef.current;
      if (!spec || !defaults) return; // before the backend runs, onBackend reads the hash
      const restore = () => window.history.replaceState(null, '', encodeHash(specRef.current ?? spec));
      if (!hashHasRun(window.location.hash)) return restore();
      openRun(decodeHash(window.location.hash, defaults), restore);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [openRun]);

  /** Reads a dropped file (streamed in the worker); `settings` re-reads it another way (delimiter, header…). */
  const readFile = useCallback(
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
        // A file new to the run (not the one its link named) gets its size (N, steps, evaluations,
        // dropout) from its data, unless the run's size was set: by hand, or by a link.
        if (!awaited) sizeFromData.current ||= !!defaultsRef.current && !sizeDiffers(spec, defaultsRef.current);
        // The link's own file completes the link: its notice of rejected fields stays.
        await apply(specForOpenedFile(spec, preview, settings), matchedRun ? 'keep' : []);
      } catch (e) {
        patch({ busy: null, progress: null, error: `${file.name}: ${(e as Error).message}` });
        reportToAutomation({ kind: 'error', message: (e as Error).message });
      }
    },
    [patch, apply],
  );

  /** Opens a file, asking first when that would discard trained steps (before reading it: the run stays intact until then). */
  const openFile = useCallback(
    (file: File, settings?: ReadSettings) => {
      const change = settings ? `Read ${file.name} again (${describeRead(settings)})` : `Open ${file.name}`;
      askFirst([change], () => void readFile(file, settings));
    },
    [askFirst, readFile],
  );

  /** Trains on the dropped file although it is not the run's: the run's settings are kept where they fit it. */
  const adoptLocalFile = useCallback(() => {
    const spec = specRef.current;
    const local = localFileRef.current;
    if (spec && local) setSpec(specForAdoptedFile(spec, local.preview));
  }, [setSpec]);

  /** A run-spec file, read against this adapter's preset like a link; a file that is no run spec leaves the run alone. */
  const openSpecFile = useCallback(
    async (file: File) => {
      const defaults = defaultsRef.current;
      if (!defaults) return;
      const text = await file.text();
      const problem = notARunSpec(text);
      if (problem) return patch({ error: `${file.name} is not a run spec: ${problem}. The current run is unchanged.` });
      openRun(fromJson(text, defaults));
    },
    [openRun, patch],
  );

  /** A kept run's spec (run history), checked against this adapter's preset as a spec file is, then opened like a link. */
  const openSpec = useCallback(
    (spec: RunSpec) => {
      const defaults = defaultsRef.current;
      if (defaults) openRun(fromJson(toJson(spec), defaults));
    },
    [openRun],
  );

  const control = useCallback(
    async (action: 'play' | 'pause' | 'step' | 'reset') => {
      const c = client.current;
      if (!c) return;
      // Going on after a non-finite step (or a refused save) puts its notice away; a lost device's stays until the restart.
      if (action === 'play' || action === 'step') setView((v) => (v.fault && !v.fault.restart ? { ...v, fault: null } : v));
      try {
        if (action === 'play') await c.api.play();
        else if (action === 'pause') await c.api.pause();
        else if (action === 'step') await c.api.stepOnce();
        else {
          if (specRef.current) onDiscardRef.current?.({ spec: specRef.current, summary: summaryRef.current, history: history.current, recipe: recipe.current, steps: trained.current });
          recipe.current = emptyRecipe();
          const summary = await c.api.reset();
          summaryRef.current = summary;
          clearRun();
          stateRef.current = 'ready';
          patch({ summary, state: 'ready' });
        }
      } catch (e) {
        patch({ error: (e as Error).message });
      }
    },
    [patch, clearRun],
  );

  return {
    view,
    setSpec,
    openFile,
    openSpecFile,
    openSpec,
    adoptLocalFile,
    /** The answer to view.question: discard the trained steps and make the change, or keep the run. */
    answer,
    /** Stops reading a dropped file; the previous dataset stays. */
    cancelLoad: useCallback(() => void client.current?.api.cancelLoad(), []),
    control,
    /** Another backend, after WebGPU failed: a new worker on it. */
    useBackend: (b: BackendName) => {
      patch({ busy: `Starting the ${b} backend…`, backendError: null });
      start(b);
    },
    dismissError: () => patch({ error: null }),
    restartWorker,
    dismissFault: () => patch({ fault: null }),
    dismissRejected: () => patch({ rejected: [] }),
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
    /** Export & score (issue 10): the worker's scoring desk; progress callbacks cross as Comlink proxies. */
    scoring: useMemo<ScoringApi>(
      () => ({
        // async: before the worker has started, a call rejects (a rejected promise) rather than throwing in a render effect.
        exportRun: async (onProgress) => workerApi(client.current).exportRun(Comlink.proxy(onProgress)),
        saveModel: async () => workerApi(client.current).saveModel(),
        loadModel: async (file) => workerApi(client.current).loadModel(file),
        unloadModel: async () => workerApi(client.current).unloadModel(),
        scoringModel: async () => workerApi(client.current).scoringModel(),
        scoreFile: async (file, onProgress) => workerApi(client.current).scoreFile(file, Comlink.proxy(onProgress)),
        cancel: async () => workerApi(client.current).cancelExport(),
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
  return sized ? sizedSpec(spec, sized) : spec;
}

function workerApi(c: TrainingClient | null): TrainingClient['api'] {
  if (!c) throw new Error('The training worker is not running.');
  return c.api;
}
