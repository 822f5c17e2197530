/** A real core on a temporary project, config and data folder, for the job tests. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Args, EventName, MethodName, Result } from '../../api/contract.js';
import type { Job, RunRecord } from '../../api/jobs.js';
import { createCore, type Core } from '../../core/core.js';
import { request } from '../../core/request.js';
import { waitFor as waitUntil } from '../../runs/testing/docker-env.js';
import type { Clock } from '../timing.js';

export interface JobCore {
  core: Core;
  dataDir: string;
  configDir: string;
  events: Array<{ event: EventName; payload: unknown }>;
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>>;
  /** Until the job has no run pending or going and its status is one of `statuses`. */
  waitJob(jobUuid: string, statuses?: Job['status'][], timeoutMs?: number): Promise<{ job: Job; runs: RunRecord[] }>;
  waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs?: number): Promise<T>;
  dispose(): Promise<void>;
}

export async function jobCore(projectDir: string, opts: { clock?: Clock; scheduleJobs?: boolean; dataDir?: string; config?: Record<string, unknown> } = {}): Promise<JobCore> {
  const configDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-jobcfg-'));
  const dataDir = opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-jobdata-')));
  if (opts.config) await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify(opts.config));
  const core = await createCore({ configDir, dataDir, mode: 'test', projectDir, watchProject: false, scheduleJobs: opts.scheduleJobs ?? true, ...(opts.clock ? { clock: opts.clock } : {}) });
  const events: JobCore['events'] = [];
  const unsubscribe = core.subscribe((event, payload) => events.push({ event, payload }));
  const call = <M extends MethodName>(method: M, args: Args<M>) => request(core, method, args);
  const waitFor = <T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000) => waitUntil(what, probe, timeoutMs);
  return {
    core,
    dataDir,
    configDir,
    events,
    call,
    waitFor,
    waitJob: (jobUuid, statuses = ['SUCCESS', 'FAILURE', 'ABORTED'], timeoutMs) =>
      waitFor(
        `job ${jobUuid} to be ${statuses.join('/')}`,
        async () => {
          const got = await call('jobs.get', { jobUuid });
          const going = got.runs.some((r) => r.status === 'PENDING' || r.status === 'STARTED');
          return statuses.includes(got.job.status) && !going ? got : null;
        },
        timeoutMs,
      ),
    async dispose() {
      unsubscribe();
      await core.dispose();
      await fs.rm(configDir, { recursive: true, force: true });
      if (!opts.dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
