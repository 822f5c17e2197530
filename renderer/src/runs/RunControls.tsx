import './runs.css';
import { CircleStop, GitMerge, ListChecks, Play } from 'lucide-react';
import { ToolButton } from '../common/ToolButton.js';
import { useEditor } from '../editor/store/editor-context.js';
import { runAvailability, type RunAvailability } from './run-availability.js';
import { selectRunning } from './run-store.js';
import { useRunActions, useRuns } from './run-context.js';
import { summarizeRun } from './run-display.js';
import { useRunShortcuts } from './use-run-shortcuts.js';
import type { RunnerKind } from '../../../main/src/api/runs.js';
import { EnginePicker } from '../engines/EnginePicker.js';
import { useEnginesIfAny, useHasEngines } from '../engines/engine-context.js';
import { isKubernetes } from '../engines/engine-store.js';

/** The engine of the run going, else the one the next run uses: Kubernetes runs whole pipelines. */
function useOnKubernetes(): boolean {
  const next = useEnginesIfAny((s) => isKubernetes(s.list?.active), false);
  const going = useRuns((s) => (selectRunning(s) ? (s.run?.engine ?? null) : undefined));
  return going === undefined ? next : isKubernetes(going);
}

/** Which runner runs the steps: the one of the run shown while it goes, else the configured one. */
function RunnerLabel() {
  const configured = useEditor((s) => s.config?.default_runner ?? null);
  const active = useRuns((s) => (selectRunning(s) ? (s.run?.runner ?? null) : null));
  const runner: RunnerKind | null = active ?? configured;
  const kube = useOnKubernetes();
  if (!runner) return null;
  if (kube && runner === 'docker') {
    return (
      <span className="runner-label" data-testid="runner" title="The pipeline runs as an Argo Workflow on the Kubernetes cluster, each step in its own pod">
        Argo Workflows
      </span>
    );
  }
  return runner === 'local' ? (
    <span className="runner-label is-local" data-testid="runner" title="Steps run as processes on this machine, not in containers">
      local runner: no isolation
    </span>
  ) : (
    <span className="runner-label" data-testid="runner" title="Each step runs in its own Docker container">
      Docker runner
    </span>
  );
}

/** "Running 2 of 5 steps…", "Last run: SUCCESS in 3.1s". Announced politely as it changes. */
function RunSummaryText() {
  const run = useRuns((s) => s.run);
  const starting = useRuns((s) => s.starting);
  const cancelling = useRuns((s) => s.cancelling);
  const startError = useRuns((s) => s.startError);
  let text = '';
  let tone = 'idle';
  let detail: string | undefined;
  if (starting) {
    text = 'Starting…';
    tone = 'running';
  } else if (startError) {
    text = 'Run not started';
    tone = 'failure';
    detail = startError;
  } else if (run) {
    const summary = summarizeRun(run, Date.now());
    text = cancelling ? 'Cancelling…' : summary.text;
    tone = summary.tone;
    detail = summary.detail;
  }
  return (
    <span className="run-summary" data-testid="run-summary" data-tone={tone} aria-live="polite" title={detail}>
      {text}
      {detail ? <span className="run-summary-detail"> — {detail}</span> : null}
    </span>
  );
}

/** Selects only what decides availability, so log chunks and edits elsewhere do not re-render. */
function useRunAvailability(): RunAvailability {
  const hasPipeline = useEditor((s) => s.doc !== null);
  const readOnly = useEditor((s) => s.doc !== null && s.doc.pipeline === null);
  const errorCount = useEditor((s) => s.doc?.problems.filter((p) => p.severity === 'error').length ?? 0);
  const stepCount = useEditor((s) => (s.doc?.pipeline ? Object.keys(s.doc.pipeline.steps).length : 0));
  const selectedSteps = useEditor((s) => s.selection.steps.length);
  const running = useRuns(selectRunning);
  const cancelling = useRuns((s) => s.cancelling);
  const wholeOnly = useOnKubernetes();
  return runAvailability({ hasPipeline, readOnly, errorCount, stepCount, selectedSteps, running, cancelling, wholeOnly });
}

/** The toolbar's run area: run all / selected / incoming, cancel, the runner, the last run. */
export function RunControls() {
  useRunShortcuts();
  const actions = useRunActions();
  const avail = useRunAvailability();
  const picking = useHasEngines();
  return (
    <div className="toolbar-group toolbar-run" role="toolbar" aria-label="Run">
      <ToolButton icon={Play} label="Run all" showLabel className="is-primary" onClick={() => void actions.start('full')} disabled={!avail.full.ok} tip={avail.full.reason} />
      <ToolButton icon={ListChecks} label="Run selected" showLabel onClick={() => void actions.start('selection')} disabled={!avail.selection.ok} tip={avail.selection.reason} />
      <ToolButton icon={GitMerge} label="Run incoming" showLabel onClick={() => void actions.start('incoming')} disabled={!avail.incoming.ok} tip={avail.incoming.reason} />
      <ToolButton icon={CircleStop} label="Cancel run" className="cancel-run" onClick={() => void actions.cancel()} disabled={!avail.cancel.ok} tip={avail.cancel.reason} />
      <div className="run-info">
        {picking ? <EnginePicker placement="toolbar" /> : null}
        <RunnerLabel />
        <RunSummaryText />
      </div>
    </div>
  );
}
