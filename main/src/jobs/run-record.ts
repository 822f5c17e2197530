import type { RunCounts, RunRecord, RunRecordStep, StepAttempt } from '../api/jobs.js';
import type { RunState } from '../api/runs.js';
import { isRunFinished } from '../common/statuses.js';

/** A recorded run's steps from the engine's state and attempts (pure). */
export function recordSteps(state: RunState, attempts: ReadonlyMap<string, readonly StepAttempt[]>): RunRecordStep[] {
  return state.steps.map((s) => {
    const list = attempts.get(s.uuid) ?? [];
    return { ...s, attempts: list.length, attemptLog: list.map((a) => ({ ...a })) };
  });
}

/** The record with the engine's latest state applied. */
export function applyRunState(record: RunRecord, state: RunState, attempts: ReadonlyMap<string, readonly StepAttempt[]>): RunRecord {
  const { message, endedAt } = state;
  const next: RunRecord = { ...record, status: state.status, runner: state.runner, startedAt: state.startedAt, steps: recordSteps(state, attempts) };
  if (endedAt !== undefined) next.endedAt = endedAt;
  if (message !== undefined) next.message = message;
  else delete next.message;
  return next;
}

export function countRuns(runs: readonly Pick<RunRecord, 'status'>[]): RunCounts {
  const c: RunCounts = { total: runs.length, pending: 0, running: 0, succeeded: 0, failed: 0, aborted: 0 };
  for (const r of runs) {
    if (r.status === 'PENDING') c.pending++;
    else if (r.status === 'STARTED') c.running++;
    else if (r.status === 'SUCCESS') c.succeeded++;
    else if (r.status === 'FAILURE') c.failed++;
    else c.aborted++;
  }
  return c;
}

/** A run a process left going when it stopped: ended, saying so. */
export function interrupted(record: RunRecord, at: number): RunRecord {
  if (isRunFinished(record.status)) return record;
  const started = record.status === 'STARTED';
  return {
    ...record,
    status: started ? 'FAILURE' : 'ABORTED',
    endedAt: at,
    message: started ? 'The app stopped while this run was going; it did not finish.' : 'Not started: the app stopped before this run began.',
    steps: record.steps.map((s) => (isRunFinished(s.status) ? s : { ...s, status: 'ABORTED', message: 'The app stopped during the run.' })),
  };
}

/** How a set of finished runs ended, as one status. */
export function overallStatus(runs: readonly Pick<RunRecord, 'status'>[]): 'SUCCESS' | 'FAILURE' | 'ABORTED' {
  if (runs.every((r) => r.status === 'SUCCESS')) return 'SUCCESS';
  if (runs.some((r) => r.status === 'FAILURE')) return 'FAILURE';
  return 'ABORTED';
}

/** Which runs retention keeps: the latest firing, then the last to end, then the last in the grid. */
export const newestFirst = (a: RunRecord, b: RunRecord): number => b.firing - a.firing || (b.endedAt ?? b.createdAt) - (a.endedAt ?? a.createdAt) || b.index - a.index;

/** How lists show runs: newest created first, a firing's runs in grid order. */
export const listedOrder = (a: RunRecord, b: RunRecord): number => b.createdAt - a.createdAt || a.index - b.index;
