// The page: the run's controls first, then its data (full width once a file is mapped), its
// settings, and the live view of the run.
import { useMemo } from 'react';
import { modelName } from '../run/modelTypes';
import { AucChart } from './charts/AucChart';
import { ExpertLoadChart } from './charts/ExpertLoadChart';
import { LambdaChart } from './charts/LambdaChart';
import { McpChart } from './charts/McpChart';
import { LossChart } from './charts/LossChart';
import { SystemChart } from './charts/SystemChart';
import { CompareView } from './CompareView';
import { ConfirmDiscard } from './ConfirmDiscard';
import { Controls } from './Controls';
import { DataPanel } from './DataPanel';
import { EmbeddingView } from './EmbeddingView';
import { FaultBanner } from './FaultBanner';
import { ExportPanel } from './ExportPanel';
import { BackendBadge, ErrorBanner, NoWebGpu, RejectedFields, SoftwarePreset } from './Notices';
import { PhaseBanner } from './PhaseBanner';
import { RecipePanel } from './recipe/RecipePanel';
import { RunsPanel } from './runs/RunsPanel';
import { useRecordRun, useRunHistory } from './runs/useRunHistory';
import { missingTask } from './runChange';
import { SettingsPanel } from './SettingsPanel';
import { ShareBar } from './ShareBar';
import { TaskMetrics } from './TaskMetrics';
import { useStaggered } from './stagger';
import type { RunView } from './runView';
import { useRun } from './useRun';

const NO_TASKS: { name: string; oracleAuc: number | null }[] = [];

export function App() {
  const runs = useRunHistory();
  const { view, setSpec, openFile, openSpecFile, openSpec, adoptLocalFile, answer, cancelLoad, control, useBackend, dismissError, dismissRejected, embed, encoders, restartWorker, dismissFault, scoring } = useRun({
    onDiscard: runs.onDiscard,
  });
  useRecordRun(view, runs.record);
  const { recipe, spec, summary, backend } = view;
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
  const baselineAucs = useMemo(() => recipe.baseline?.map((t) => t.auc) ?? null, [recipe.baseline]);
  const lossSteps = useStaggered(steps, 1);
  const loadSteps = useStaggered(steps, 2);
  // The system chart's three plots take slots 3, 4 and 5.
  const lambdaSteps = useStaggered(steps, 6);
  // A dropped file is set up at full width: its mapping table and preview need the room.
  const wideData = spec?.data.source === 'file';
  return (
    <div className="app">
      <header>
        <h1>SuperMoE Studio</h1>
        <p className="tagline">Sparse mixture-of-experts user representations, trained on your GPU. Your data never leaves this browser.</p>
        {backend && <BackendBadge info={backend} />}
        {spec && <ShareBar spec={spec} onOpen={openSpecFile} />}
      </header>
      {view.backendError && <NoWebGpu problem={view.backendError} onUse={useBackend} />}
      {view.error && <ErrorBanner message={view.error} onDismiss={dismissError} />}
      {view.fault && <FaultBanner fault={view.fault} busy={!!view.busy} onRestart={() => void restartWorker()} onDismiss={dismissFault} />}
      <RejectedFields rejected={view.rejected} spec={spec} onDismiss={dismissRejected} />
      {backend && <SoftwarePreset info={backend} />}
      <Controls state={view.state} totalSteps={spec?.train.steps ?? 0} history={view.history} blocked={blocked} onAction={(a) => void control(a)} />
      <main className={wideData ? 'layout wide-data' : 'layout'}>
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
        <aside className="settings-area" aria-label="Model and training settings">
          {spec && <SettingsPanel spec={spec} disabled={running || !!view.busy} onChange={setSpec} />}
          {spec && (
            <RecipePanel spec={spec} summary={summary} disabled={running || !!view.busy} encoders={encoders} savedEncoder={recipe.savedEncoder?.name ?? ''} onChange={setSpec} />
          )}
        </aside>
        <section className="live" aria-label="Live view">
          <PhaseBanner phase={recipe.phase} step={recipe.phaseStep} state={view.state} />
          {recipe.compare && <CompareView table={recipe.compare} />}
          {recipe.mcpSteps.length > 0 && <McpChart steps={recipe.mcpSteps} evals={recipe.mcpEvals} />}
          <AucChart evals={aucEvals} tasks={summary?.tasks ?? NO_TASKS} subject={subject} evalEvery={spec?.train.evalEvery ?? 0} baseline={baselineAucs} />
          <TaskMetrics last={aucEvals.at(-1)} kept={recipe.chosen} baseline={baselineAucs} subject={subject} />
          {(spec?.train.lambdaMode === 'bilevel' || (spec?.train.lambda.length ?? 0) > 0) && (
            <LambdaChart steps={lambdaSteps} taskNames={taskNames} bilevel={spec?.train.lambdaMode === 'bilevel'} subject={subject} />
          )}
          <LossChart steps={lossSteps} taskNames={taskNames} subject={subject} />
          <ExpertLoadChart steps={loadSteps} model={shownModel} subject={subject} />
          <SystemChart steps={steps} slot={3} dropless={spec?.model.routing === 'dropless'} subject={subject} />
          <EmbeddingView key={view.runKey} taskNames={taskNames} disabled={!view.preparedSpec || !!view.busy || !!blocked} subject={subject ?? shownModel} load={embed} />
          <ExportPanel api={scoring} disabled={running || !!view.busy} state={view.state} runKey={view.runKey} dataName={summary?.name ?? null} />
        </section>
      </main>
      <RunsPanel
        runs={runs.runs}
        liveId={runs.liveId}
        problem={runs.problem}
        onDismissProblem={runs.dismissProblem}
        onOpen={(r) => openSpec(r.spec)}
        onRename={(id, name) => void runs.rename(id, name)}
        onDelete={(id) => void runs.remove(id)}
      />
      <footer>
        SuperMoE after Jiang et al., “Learning Large-scale Universal User Representation with Sparse Mixture of Experts”. Everything runs locally in a
        Web Worker on TensorFlow.js.
      </footer>
      {view.question && <ConfirmDiscard question={view.question} onAnswer={answer} />}
    </div>
  );
}

/** Why training cannot start now, or null. */
function blockedReason(view: RunView): string | null {
  if (view.busy) return view.busy;
  const { spec, localFile } = view;
  const want = spec?.data.source === 'file' ? spec.data.file : null;
  if (want && localFile && localFile.sha256 !== want.sha256) return 'Your file is not the run’s: drop the run’s file, or use yours instead';
  if (want && !localFile) return 'Drop the run’s file to train';
  if (spec && missingTask(spec)) return 'Next step: build a task (Data → Labels from the log)';
  if (!spec || !view.preparedSpec) return 'No data loaded';
  if (JSON.stringify(spec) !== JSON.stringify(view.preparedSpec)) return 'Settings not applied (see the message above)';
  return null;
}
