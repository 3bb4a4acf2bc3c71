// The page: data and settings on the left, the live view of the run on the right.
import { useMemo } from 'react';
import { modelName } from '../run/modelTypes';
import { AucChart } from './charts/AucChart';
import { ExpertLoadChart } from './charts/ExpertLoadChart';
import { LambdaChart } from './charts/LambdaChart';
import { McpChart } from './charts/McpChart';
import { LossChart } from './charts/LossChart';
import { SystemChart } from './charts/SystemChart';
import { CompareView } from './CompareView';
import { Controls } from './Controls';
import { DataPanel } from './DataPanel';
import { EmbeddingView } from './EmbeddingView';
import { BackendBadge, ErrorBanner, NoWebGpu, RejectedFields, SoftwarePreset } from './Notices';
import { PhaseBanner } from './PhaseBanner';
import { RecipePanel } from './recipe/RecipePanel';
import { SettingsPanel } from './SettingsPanel';
import { ShareBar } from './ShareBar';
import { TaskMetrics } from './TaskMetrics';
import { useStaggered } from './stagger';
import { useRun } from './useRun';

const NO_TASKS: { name: string; oracleAuc: number | null }[] = [];

export function App() {
  const { view, setSpec, openFile, adoptLocalFile, cancelLoad, control, useBackend, dismissError, setRejected, embed, encoders } = useRun();
  const { recipe } = view;
  const { spec, summary, backend } = view;
  const running = view.state === 'running';
  const blocked = blockedReason(view);
  const taskNames = useMemo(() => summary?.tasks.map((t) => t.name) ?? [], [summary]);
  // What the live view shows: in a compare or recipe, the phase being trained.
  const phase = recipe.phase;
  const subject = phase && phase.count > 1 ? `${phase.label} (phase ${phase.index + 1} of ${phase.count})` : null;
  const shownModel = modelName(phase?.model ?? spec?.model.type ?? 'supermoe');
  // Each chart takes the new history in its own task (see stagger.ts).
  const { evals, steps } = view.history;
  const aucEvals = useStaggered(evals, 0);
  const lossSteps = useStaggered(steps, 1);
  const loadSteps = useStaggered(steps, 2);
  const systemSteps = useStaggered(steps, 3);
  const lambdaSteps = useStaggered(steps, 4);
  return (
    <div className="app">
      <header>
        <h1>SuperMoE Studio</h1>
        <p className="tagline">Sparse mixture-of-experts user representations, trained on your GPU. Your data never leaves this browser.</p>
        {backend && <BackendBadge info={backend} />}
        {spec && (
          <ShareBar
            spec={spec}
            onOpen={(s, rejected) => {
              setRejected(rejected);
              setSpec(s);
            }}
          />
        )}
      </header>
      {view.backendError && <NoWebGpu problem={view.backendError} onUse={useBackend} />}
      {view.error && <ErrorBanner message={view.error} onDismiss={dismissError} />}
      <RejectedFields rejected={view.rejected} />
      {backend && <SoftwarePreset info={backend} />}
      <main>
        <aside>
          {spec && (
            <DataPanel
              spec={spec}
              summary={summary}
              localFile={view.localFile}
              disabled={running || !!view.busy}
              progress={view.progress}
              timeRange={view.timeRange}
              onSpec={setSpec}
              onFile={openFile}
              onCancel={cancelLoad}
              onAdopt={adoptLocalFile}
            />
          )}
          {spec && <SettingsPanel spec={spec} disabled={running || !!view.busy} onChange={setSpec} />}
          {spec && (
            <RecipePanel spec={spec} summary={summary} disabled={running || !!view.busy} encoders={encoders} savedEncoder={recipe.savedEncoder?.name ?? ''} onChange={setSpec} />
          )}
        </aside>
        <section className="live" aria-label="Live view">
          <Controls state={view.state} totalSteps={spec?.train.steps ?? 0} history={view.history} blocked={blocked} onAction={(a) => void control(a)} />
          {view.busy && (
            <p className="busy" role="status">
              {view.busy}
            </p>
          )}
          <PhaseBanner phase={recipe.phase} step={recipe.phaseStep} state={view.state} />
          {recipe.compare && <CompareView table={recipe.compare} />}
          {recipe.mcpSteps.length > 0 && <McpChart steps={recipe.mcpSteps} evals={recipe.mcpEvals} />}
          <AucChart evals={aucEvals} tasks={summary?.tasks ?? NO_TASKS} subject={subject} evalEvery={spec?.train.evalEvery ?? 0} />
          <TaskMetrics last={aucEvals.at(-1)} subject={subject} />
          {(spec?.train.lambdaMode === 'bilevel' || (spec?.train.lambda.length ?? 0) > 0) && (
            <LambdaChart steps={lambdaSteps} taskNames={taskNames} bilevel={spec?.train.lambdaMode === 'bilevel'} subject={subject} />
          )}
          <LossChart steps={lossSteps} taskNames={taskNames} subject={subject} />
          <ExpertLoadChart steps={loadSteps} model={shownModel} subject={subject} />
          <SystemChart steps={systemSteps} dropless={spec?.model.routing === 'dropless'} subject={subject} />
          <EmbeddingView taskNames={taskNames} disabled={!view.preparedSpec || !!view.busy} subject={subject ?? shownModel} load={embed} />
        </section>
      </main>
      <footer>
        SuperMoE after Jiang et al., “Learning Large-scale Universal User Representation with Sparse Mixture of Experts”. Everything runs locally in a
        Web Worker on TensorFlow.js.
      </footer>
    </div>
  );
}

/** Why training cannot start now, or null. */
function blockedReason(view: ReturnType<typeof useRun>['view']): string | null {
  if (view.busy) return view.busy;
  const want = view.spec?.data.source === 'file' ? view.spec.data.file : null;
  if (want && view.localFile && view.localFile.sha256 !== want.sha256) return 'Your file is not the run’s: drop the run’s file, or use yours instead';
  if (!view.spec || !view.preparedSpec) return view.spec?.data.source === 'file' && !view.localFile ? 'Drop the run’s file to train' : 'No data loaded';
  if (JSON.stringify(view.spec) !== JSON.stringify(view.preparedSpec)) return 'Settings not applied (see the message above)';
  return null;
}
