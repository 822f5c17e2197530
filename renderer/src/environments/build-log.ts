/**
 * The build log and state the environments view shows, accumulated from 'env.build' events.
 * Pure: the store keeps one BuildView per environment and feeds events through these functions.
 */
import type { BuildEvent, BuildStatus } from '../../../main/src/api/environments.js';
import { isBuildActive, isBuildFinished } from '../../../main/src/common/statuses.js';

/** Text kept per environment: the tail of a long build (pip, apt) is what matters. */
export const LOG_LIMIT = 2 * 1024 * 1024;
const CUT_NOTICE = '[… earlier output cut …]\n';

export interface BuildView {
  /** From the events or the build call; null when the environment list is the better source. */
  status: BuildStatus | null;
  /** 0..1 when known; undefined: indeterminate. */
  progress?: number;
  log: string;
  /** The log holds this build's output from its first line (it started while we listened). */
  complete: boolean;
  /** The user pressed Build: the next event starts a fresh log even if a status is shown. */
  awaitingStart: boolean;
}

export const emptyView: BuildView = { status: null, log: '', complete: false, awaitingStart: false };

/** Keep the last LOG_LIMIT characters, cut at a line start, and say that something was cut. */
export function capLog(text: string, limit = LOG_LIMIT): string {
  if (text.length <= limit) return text;
  const tail = text.slice(text.length - limit);
  const nl = tail.indexOf('\n');
  return CUT_NOTICE + (nl >= 0 && nl < tail.length - 1 ? tail.slice(nl + 1) : tail);
}

/**
 * One event applied to what we showed. A build that was not running here before starts a new
 * log (the core truncates the log file too); `joined` says the core already reported it running
 * (we opened the page mid-build), so the log lacks its beginning and must be read from the file.
 */
export function applyBuildEvent(view: BuildView | undefined, event: BuildEvent, joined = false, limit = LOG_LIMIT): BuildView {
  const prev = view ?? emptyView;
  const starts = isBuildActive(event.status) && (!isBuildActive(prev.status) || prev.awaitingStart);
  const text = event.text ?? '';
  const log = starts ? capLog(text, limit) : text ? capLog(prev.log + text, limit) : prev.log;
  let progress = event.progress ?? (starts ? undefined : prev.progress);
  if (event.status === 'SUCCESS') progress = 1;
  else if (isBuildFinished(event.status)) progress = undefined;
  return {
    status: event.status,
    ...(progress !== undefined ? { progress } : {}),
    log,
    complete: starts ? !joined || prev.awaitingStart : prev.complete,
    awaitingStart: false,
  };
}

/**
 * The log file read back, plus what events brought while the read was under way: events may
 * repeat the file's end, so the longest overlap is dropped.
 */
export function mergeLog(fileText: string, sinceRequest: string): string {
  if (!sinceRequest) return fileText;
  if (!fileText) return sinceRequest;
  const max = Math.min(fileText.length, sinceRequest.length);
  for (let n = max; n > 0; n--) {
    if (fileText.endsWith(sinceRequest.slice(0, n))) return fileText + sinceRequest.slice(n);
  }
  return fileText + sinceRequest;
}

// CSI sequences (colours, cursor moves) and OSC titles: Docker and pip emit both.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/**
 * What a terminal would show: without escape sequences, and a line rewritten with '\r'
 * (progress bars) shows only its last version.
 */
export function displayLog(text: string): string {
  const plain = text.replace(ANSI, '');
  if (!plain.includes('\r')) return plain;
  return plain
    .split('\n')
    .map((line) => {
      const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
      const at = trimmed.lastIndexOf('\r');
      return at >= 0 ? trimmed.slice(at + 1) : trimmed;
    })
    .join('\n');
}
