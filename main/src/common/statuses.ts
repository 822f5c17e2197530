// What each status of a run, a step or an environment build means, for the core and the renderer alike.
import type { BuildStatus } from '../api/environments.js';
import type { RunStatus } from '../api/runs.js';

const FINISHED: ReadonlySet<string> = new Set(['SUCCESS', 'FAILURE', 'ABORTED']);

/** A run or step that has ended: its status will not change again. */
export function isRunFinished(status: RunStatus): boolean {
  return FINISHED.has(status);
}

/** A build that is queued or running. */
export function isBuildActive(status: BuildStatus | null | undefined): boolean {
  return status === 'PENDING' || status === 'BUILDING';
}

/** A build that has ended (NONE, no build yet, is neither active nor finished). */
export function isBuildFinished(status: BuildStatus | null | undefined): boolean {
  return status != null && FINISHED.has(status);
}
