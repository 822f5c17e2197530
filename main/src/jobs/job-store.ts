import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { jobSchema, runRecordSchema, type Job, type RunRecord } from '../api/jobs.js';
import { processAlive } from '../core/process-alive.js';
import { isRunFinished } from '../common/statuses.js';
import { CoalescedWrites } from '../fs/coalesced-writes.js';
import { projectKey } from '../project/project-id.js';

/**
 * Jobs and the run history on disk, under the app's data folder (never the project):
 *   jobs/<job uuid>/job.json                       the job (definition, state, owner process)
 *   jobs/<job uuid>/snapshot/                      the project frozen for the job
 *   jobs/<job uuid>/runs/<run uuid>/run.json       a run's record
 *   jobs/<job uuid>/runs/<run uuid>/project/       the run's own copy (its outputs and logs inside)
 *   jobs/<job uuid>/runs/<run uuid>/data/          its /data
 *   history/<project key>/<run uuid>/run.json      an interactive run, logs/ beside it
 * Every file is written atomically and zod-checked on read; a file that does not parse is
 * reported and left as it is (never written over).
 */

const ownerSchema = z.object({ pid: z.number(), host: z.string() });
export type JobOwner = z.infer<typeof ownerSchema>;
const jobFileSchema = z.object({ version: z.literal(1), owner: ownerSchema, job: jobSchema });
const runFileSchema = z.object({ version: z.literal(1), run: runRecordSchema });

export const thisProcess = (): JobOwner => ({ pid: process.pid, host: os.hostname() });
/** The process that wrote a job is gone (or is this one, restarted): its work can be taken over. */
export const ownerGone = (o: JobOwner): boolean => o.host !== os.hostname() || o.pid === process.pid || !processAlive(o.pid);

export interface LoadedJob {
  job: Job;
  owner: JobOwner;
}

export class JobStore {
  private readonly writes = new CoalescedWrites();
  /** Files that could not be read, with why: shown in Disk usage, never overwritten. */
  readonly problems = new Map<string, string>();

  constructor(readonly dataDir: string) {}

  get jobsDir(): string {
    return path.join(this.dataDir, 'jobs');
  }
  jobDir(jobUuid: string): string {
    return path.join(this.jobsDir, jobUuid);
  }
  snapshotDir(jobUuid: string): string {
    return path.join(this.jobDir(jobUuid), 'snapshot');
  }
  runDir(jobUuid: string, runUuid: string): string {
    return path.join(this.jobDir(jobUuid), 'runs', runUuid);
  }
  historyRoot(): string {
    return path.join(this.dataDir, 'history');
  }
  historyDir(projectRoot: string, runUuid: string): string {
    return path.join(this.historyRoot(), projectKey(projectRoot), runUuid);
  }

  saveJob(job: Job, owner: JobOwner = thisProcess()): Promise<void> {
    // Rare, and what pause, resume and cancel leave must be there at once.
    return this.writes.write(path.join(this.jobDir(job.uuid), 'job.json'), () => JSON.stringify({ version: 1, owner, job }, null, 1), true);
  }

  saveRun(run: RunRecord): Promise<void> {
    const dir = run.jobUuid ? this.runDir(run.jobUuid, run.uuid) : this.historyDir(run.projectRoot, run.uuid);
    return this.writes.write(path.join(dir, 'run.json'), () => JSON.stringify({ version: 1, run }, null, 1), { status: run.status, final: isRunFinished(run.status) });
  }

  async loadJobs(): Promise<LoadedJob[]> {
    const out: LoadedJob[] = [];
    for (const name of await listDir(this.jobsDir)) {
      const parsed = await this.readChecked(path.join(this.jobsDir, name, 'job.json'), jobFileSchema);
      if (parsed) out.push({ job: parsed.job, owner: parsed.owner });
    }
    return out;
  }

  async loadJob(jobUuid: string): Promise<LoadedJob | null> {
    const parsed = await this.readChecked(path.join(this.jobDir(jobUuid), 'job.json'), jobFileSchema);
    return parsed ? { job: parsed.job, owner: parsed.owner } : null;
  }

  async loadRuns(jobUuid: string): Promise<RunRecord[]> {
    return this.loadRunsIn(path.join(this.jobDir(jobUuid), 'runs'));
  }

  /** Interactive runs of a project (every project when `projectRoot` is absent). */
  async loadInteractive(projectRoot?: string): Promise<RunRecord[]> {
    if (projectRoot) return this.loadRunsIn(path.join(this.historyRoot(), projectKey(projectRoot)));
    const all: RunRecord[] = [];
    for (const key of await listDir(this.historyRoot())) all.push(...(await this.loadRunsIn(path.join(this.historyRoot(), key))));
    return all;
  }

  private async loadRunsIn(dir: string): Promise<RunRecord[]> {
    const out: RunRecord[] = [];
    for (const name of await listDir(dir)) {
      const parsed = await this.readChecked(path.join(dir, name, 'run.json'), runFileSchema);
      if (parsed) out.push(parsed.run);
    }
    return out;
  }

  private async readChecked<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return null; // a folder being created or removed
    }
    try {
      const value = schema.parse(JSON.parse(text));
      this.problems.delete(file);
      return value;
    } catch (err) {
      const why = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).slice(0, 3).join('; ') : (err as Error).message;
      if (!this.problems.has(file)) console.warn(`orchest: ${file} cannot be read (${why}); it is left as it is.`);
      this.problems.set(file, `${file} cannot be read (${why}): it is left as it is; remove its folder to drop it.`);
      return null;
    }
  }

  async remove(dir: string): Promise<void> {
    await this.writes.flush();
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }

  flush(): Promise<void> {
    return this.writes.flush();
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}
