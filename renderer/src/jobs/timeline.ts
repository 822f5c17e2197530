/**
 * A run's timeline (pure): one row per step, one segment per attempt from its start to its end,
 * in seconds since the run began, and the chart.js data of floating horizontal bars drawn from it.
 */
import type { ChartData } from 'chart.js';
import type { RunRecord } from '../../../main/src/api/jobs.js';
import type { RunStatus } from '../../../main/src/api/runs.js';

export interface TimelineSegment {
  row: number;
  stepId: string;
  attempt: number;
  status: RunStatus;
  /** Seconds since the run's start. */
  from: number;
  to: number;
  /** Still going: `to` is now. */
  running: boolean;
}

export interface TimelineModel {
  /** Step titles, one row each, in the run's (dependency) order. */
  rows: string[];
  segments: TimelineSegment[];
  /** Most attempts any step made (the chart draws one dataset per attempt number). */
  maxAttempts: number;
  /** Seconds from the run's start to its last end (or now). */
  span: number;
}

type RunTimes = Pick<RunRecord, 'startedAt' | 'createdAt' | 'steps'>;

/** Where each attempt of each step lies in time; attempts that never started have no segment. */
export function timelineModel(run: RunTimes, now: number): TimelineModel {
  const started = run.steps.flatMap((s) => s.attemptLog.map((a) => a.startedAt).filter((t): t is number => t !== undefined));
  const t0 = run.startedAt ?? (started.length > 0 ? Math.min(...started) : run.createdAt);
  const segments: TimelineSegment[] = [];
  run.steps.forEach((step, row) => {
    for (const a of step.attemptLog) {
      if (a.startedAt === undefined) continue;
      const running = a.endedAt === undefined && a.status === 'STARTED';
      const end = a.endedAt ?? (running ? now : a.startedAt);
      segments.push({ row, stepId: step.uuid, attempt: a.attempt, status: a.status, from: (a.startedAt - t0) / 1000, to: (Math.max(end, a.startedAt) - t0) / 1000, running });
    }
  });
  return {
    rows: run.steps.map((s) => s.title || 'Untitled step'),
    segments,
    maxAttempts: Math.max(1, ...run.steps.map((s) => s.attemptLog.length)),
    span: segments.reduce((m, s) => Math.max(m, s.to), 0),
  };
}

export type StatusColors = Record<RunStatus, string>;

export type TimelineChartData = ChartData<'bar', Array<[number, number] | null>, string>;

/**
 * One dataset per attempt number, drawn on the same row (`grouped: false`), so a step retried
 * twice shows three segments side by side, each in its own state's colour.
 */
export function timelineChartData(model: TimelineModel, colors: StatusColors): TimelineChartData {
  const datasets = Array.from({ length: model.maxAttempts }, (_, i) => {
    const attempt = i + 1;
    const mine = model.rows.map((_, row) => model.segments.find((s) => s.row === row && s.attempt === attempt) ?? null);
    return {
      label: attempt === 1 ? 'Attempt 1' : `Retry ${attempt - 1}`,
      data: mine.map((s) => (s ? ([s.from, s.to] as [number, number]) : null)),
      backgroundColor: mine.map((s) => (s ? colors[s.status] : 'transparent')),
      borderColor: mine.map((s) => (s?.running ? colors.STARTED : 'transparent')),
      borderWidth: 1,
      borderSkipped: false as const,
      grouped: false,
      minBarLength: 3,
    };
  });
  return { labels: model.rows, datasets };
}

/** The CSS variable each state is drawn in (the same colours as the canvas' step badges). */
export const STATUS_COLOR_VARS: Record<RunStatus, [variable: string, fallback: string]> = {
  PENDING: ['--muted', '#667085'],
  STARTED: ['--accent', '#2f6fed'],
  SUCCESS: ['--ok', '#12805c'],
  FAILURE: ['--error', '#c4320a'],
  ABORTED: ['--warning', '#a15c07'],
};
