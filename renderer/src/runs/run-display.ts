/**
 * What the canvas and toolbar show of runs, derived from 'run.updated' states (pure, no React).
 * The core sends the full RunState on every change; these functions turn it into per-step display
 * state that keeps unchanged entries' identity, so only the nodes that changed re-render.
 */
import type { RunKind, RunState, RunStatus, StepRunState } from '../../../main/src/api/runs.js';
import { isRunFinished } from '../../../main/src/common/statuses.js';
import { formatDuration } from './duration.js';

export interface StepDisplay {
  status: RunStatus;
  runId: string;
  startedAt?: number;
  endedAt?: number;
  message?: string;
  logPath: string;
  /** The step was not part of the run shown: this is its state from an earlier run. */
  stale: boolean;
}

export type StepDisplayMap = Readonly<Record<string, StepDisplay>>;

export function isRunActive(run: RunState | null | undefined): boolean {
  return run != null && !isRunFinished(run.status);
}

const rank = (status: RunStatus): number => (status === 'PENDING' ? 0 : status === 'STARTED' ? 1 : 2);

/** How far a run has got; it only grows while the run goes on. */
function progress(run: RunState): number {
  return rank(run.status) * 1_000_000 + run.steps.reduce((sum, s) => sum + rank(s.status), 0);
}

/**
 * Whether `incoming` should replace `current`: a later run, or the same run further along. The
 * answer of runs.start/runs.last may arrive after events that are newer than it.
 */
export function isNewerRun(current: RunState | null, incoming: RunState): boolean {
  if (!current) return true;
  if (incoming.id !== current.id) return incoming.startedAt >= current.startedAt;
  return progress(incoming) >= progress(current);
}

function displayOf(step: StepRunState, runId: string): StepDisplay {
  return {
    status: step.status,
    runId,
    ...(step.startedAt !== undefined ? { startedAt: step.startedAt } : {}),
    ...(step.endedAt !== undefined ? { endedAt: step.endedAt } : {}),
    ...(step.message ? { message: step.message } : {}),
    logPath: step.logPath,
    stale: false,
  };
}

function sameDisplay(a: StepDisplay, b: StepDisplay): boolean {
  return (
    a.status === b.status &&
    a.runId === b.runId &&
    a.startedAt === b.startedAt &&
    a.endedAt === b.endedAt &&
    a.message === b.message &&
    a.logPath === b.logPath &&
    a.stale === b.stale
  );
}

/**
 * Apply a run to the per-step display: steps in the run take its state; steps not in it keep what
 * an earlier run left, marked stale. Answers `prev` itself when nothing changed.
 */
export function applyRun(prev: StepDisplayMap, run: RunState): StepDisplayMap {
  const next: Record<string, StepDisplay> = {};
  let changed = false;
  for (const step of run.steps) {
    const fresh = displayOf(step, run.id);
    const old = prev[step.uuid];
    if (old && sameDisplay(old, fresh)) next[step.uuid] = old;
    else {
      next[step.uuid] = fresh;
      changed = true;
    }
  }
  for (const [id, old] of Object.entries(prev)) {
    if (id in next) continue;
    next[id] = old.stale ? old : { ...old, stale: true };
    if (!old.stale) changed = true;
  }
  if (!changed && Object.keys(prev).length !== Object.keys(next).length) changed = true;
  return changed ? next : prev;
}

/** Milliseconds the step ran (or has been running, against `now`); null when it never started. */
export function stepDurationMs(step: Pick<StepDisplay, 'status' | 'startedAt' | 'endedAt'>, now: number): number | null {
  if (step.startedAt === undefined) return null;
  if (step.endedAt !== undefined) return Math.max(0, step.endedAt - step.startedAt);
  return step.status === 'STARTED' ? Math.max(0, now - step.startedAt) : null;
}

export type SummaryTone = 'running' | 'success' | 'failure' | 'aborted';

export interface RunSummary {
  text: string;
  tone: SummaryTone;
  /** Why it failed or stopped, from the core (e.g. which steps failed). */
  detail?: string;
}

const kindText: Record<RunKind, (n: number) => string> = {
  full: () => '',
  selection: (n) => ` · ${n} selected step${n === 1 ? '' : 's'}`,
  incoming: (n) => ` · ${n} incoming step${n === 1 ? '' : 's'}`,
};

/** "Running 2 of 5 steps…", "Last run: SUCCESS in 3.1s". */
export function summarizeRun(run: RunState, now: number): RunSummary {
  const total = run.steps.length;
  if (isRunActive(run)) {
    const started = run.steps.filter((s) => s.status !== 'PENDING').length;
    return { text: started === 0 ? `Starting ${total} step${total === 1 ? '' : 's'}…` : `Running ${started} of ${total} step${total === 1 ? '' : 's'}…`, tone: 'running' };
  }
  const took = formatDuration((run.endedAt ?? now) - run.startedAt);
  const tone: SummaryTone = run.status === 'SUCCESS' ? 'success' : run.status === 'FAILURE' ? 'failure' : 'aborted';
  return {
    text: `Last run: ${run.status} in ${took}${kindText[run.kind](total)}`,
    tone,
    ...(run.status !== 'SUCCESS' && run.message ? { detail: run.message } : {}),
  };
}
