/**
 * The state of an environment's build the environments view shows, from 'env.build' events. Pure:
 * the store keeps one BuildView per environment; the log itself is a LogFollower (logs/).
 */
import type { BuildEvent, BuildStatus } from '../../../main/src/api/environments.js';
import { isBuildActive, isBuildFinished } from '../../../main/src/common/statuses.js';
import type { FollowPhase } from '../logs/log-follower.js';
import type { LogBuffer } from '../logs/log-buffer.js';

/** Text kept per environment: the tail of a long build (pip, apt) is what matters. */
export const LOG_LIMIT = 2 * 1024 * 1024;

export interface BuildView {
  /** From the events or the build call; null when the environment list is the better source. */
  status: BuildStatus | null;
  /** 0..1 when known; undefined: indeterminate. */
  progress?: number;
  /** The user pressed Build: the next event starts a fresh log even if a status is shown. */
  awaitingStart: boolean;
  /** The build's log (mutable, appended in place; `logVersion` changes whenever it does). */
  log: LogBuffer | null;
  logVersion: number;
  logPhase: FollowPhase;
  logError?: string;
}

export const emptyView: BuildView = { status: null, awaitingStart: false, log: null, logVersion: 0, logPhase: 'ready' };

/** Whether `event` begins a build that was not running here before (the core starts its log file over). */
export function startsBuild(view: BuildView | undefined, event: BuildEvent): boolean {
  return isBuildActive(event.status) && (!isBuildActive(view?.status) || Boolean(view?.awaitingStart));
}

/** One event applied to the status and progress shown (the log follows it separately). */
export function applyBuildEvent(view: BuildView | undefined, event: BuildEvent): BuildView {
  const prev = view ?? emptyView;
  const starts = startsBuild(prev, event);
  let progress = event.progress ?? (starts ? undefined : prev.progress);
  if (event.status === 'SUCCESS') progress = 1;
  else if (isBuildFinished(event.status)) progress = undefined;
  const { progress: _old, ...rest } = prev;
  return { ...rest, status: event.status, ...(progress !== undefined ? { progress } : {}), awaitingStart: false };
}
