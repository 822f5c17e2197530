/** Test data: run records and jobs shaped as the core answers them. */
import type { Job, RunRecord, RunRecordStep, StepAttempt } from '../../api/jobs.js';
import type { RunStatus } from '../../api/runs.js';

export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

export function attempt(n: number, status: RunStatus, from?: number, to?: number): StepAttempt {
  return { attempt: n, status, ...(from !== undefined ? { startedAt: T0 + from * 1000 } : {}), ...(to !== undefined ? { endedAt: T0 + to * 1000 } : {}), logPath: `/logs/${n}.log` };
}

export function step(uuid: string, title: string, attempts: StepAttempt[]): RunRecordStep {
  const last = attempts[attempts.length - 1];
  return {
    uuid,
    title,
    status: last?.status ?? 'PENDING',
    ...(attempts[0]?.startedAt !== undefined ? { startedAt: attempts[0].startedAt } : {}),
    ...(last?.endedAt !== undefined ? { endedAt: last.endedAt } : {}),
    attempts: attempts.filter((a) => a.startedAt !== undefined).length,
    logPath: last?.logPath ?? `/logs/${uuid}.log`,
    attemptLog: attempts,
  };
}

export function record(over: Partial<RunRecord> & Pick<RunRecord, 'uuid'>): RunRecord {
  return {
    kind: 'job',
    jobUuid: 'job-1',
    jobName: 'Sweep',
    firing: 0,
    index: 0,
    pipeline: 'p/.orchest/pipeline.json',
    pipelineName: 'P',
    projectRoot: '/p',
    parameters: {},
    status: 'SUCCESS',
    runner: 'docker',
    createdAt: T0,
    startedAt: T0,
    endedAt: T0 + 10_000,
    snapshotPath: '/data/snap',
    outputsDir: '/data/out',
    dataDir: '/data/data',
    images: {},
    steps: [],
    ...over,
  };
}

export function job(over: Partial<Job> & Pick<Job, 'uuid'>): Job {
  return {
    definition: {
      name: 'Sweep',
      pipeline: 'p/.orchest/pipeline.json',
      parameters: {},
      deselected: [],
      schedule: { type: 'now' },
      env: {},
      maxRunsToKeep: null,
      retries: 0,
      parallelRuns: 1,
    },
    projectRoot: '/p',
    pipelineName: 'P',
    status: 'RUNNING',
    createdAt: T0,
    nextRunAt: null,
    lastFiredAt: T0,
    firings: 1,
    snapshotPath: '/data/snap',
    images: {},
    counts: { total: 4, pending: 0, running: 0, succeeded: 0, failed: 0, aborted: 0 },
    ...over,
  };
}
