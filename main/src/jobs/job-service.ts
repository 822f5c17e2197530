import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as z from 'zod';
import {
  type GridPreview,
  type Job,
  type JobStatus,
  type JobSummary,
  type ParameterGrid,
  type ParsedJobDefinition,
  type RunRecord,
  type RunRecordStep,
  type StorageUsage,
  type storageCleanResultSchema,
  type storageCleanSchema,
} from '../api/jobs.js';
import type { NotebookDocument } from '../api/notebooks.js';
import type { LogTail } from '../api/runs.js';
import { projectPathFor } from '../common/project-paths.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import { isRunFinished } from '../common/statuses.js';
import { readTail } from '../fs/read-tail.js';
import type { ProjectService } from '../project/project-service.js';
import { isSafeStepId, pipelineArtefacts } from '../runs/artefacts.js';
import { readStoredOutput } from '../outputs/output-service.js';
import { runnablePipeline, type StepImage } from '../runs/preflight.js';
import type { RunServiceHandle } from '../runs/run-service.js';
import { gridFileOf } from '../common/grid-file.js';
import { gridCombinations, gridOfPipeline, gridWarnings, parseGridFile, selectedCombinations } from './grid.js';
import { InteractiveHistory } from './interactive-history.js';
import { readRecordedNotebook, readRecordedOutputs, readRecordedThumbnail, stepFilePlaces, type RecordedOutputs } from './recorded-step-files.js';
import { JobStore, ownerGone, thisProcess } from './job-store.js';
import { applyRunState, countRuns, interrupted, listedOrder, newestFirst, overallStatus } from './run-record.js';
import { cloneTree, folderBytes, snapshotProject } from './snapshot.js';
import { snapshotTarget, writeRunParameters } from './snapshot-target.js';
import { StorageManager } from './storage.js';
import { checkSchedule, nextFiring, systemClock, type Clock } from './timing.js';
import { postWebhook } from './webhook.js';

type CleanRequest = z.output<typeof storageCleanSchema>;
type CleanResult = z.output<typeof storageCleanResultSchema>;

/** Jobs of the open project, the run history and the app's disk usage. */
export interface JobService {
  create(definition: ParsedJobDefinition): Promise<Job>;
  list(): Promise<Job[]>;
  get(jobUuid: string): Promise<{ job: Job; runs: RunRecord[] }>;
  pause(jobUuid: string): Promise<Job>;
  resume(jobUuid: string): Promise<Job>;
  cancel(jobUuid: string): Promise<Job>;
  remove(jobUuid: string): Promise<{ deleted: string; freedBytes: number }>;
  runNow(jobUuid: string): Promise<Job>;
  previewGrid(pipeline: string, parameters: ParameterGrid | undefined): Promise<GridPreview>;
  history(q: { pipeline?: string | undefined; jobUuid?: string | undefined; limit: number }): Promise<RunRecord[]>;
  record(runUuid: string): Promise<RunRecord>;
  readRecordLog(runUuid: string, stepId: string, attempt: number | undefined, tailBytes: number): Promise<LogTail>;
  artifacts(runUuid: string, stepId: string): Promise<{ outputs: Array<{ name: string; path: string; bytes: number }>; notebookPath: string | null }>;
  stepOutputs(runUuid: string, stepId: string): Promise<RecordedOutputs>;
  stepNotebook(runUuid: string, stepId: string): Promise<NotebookDocument | null>;
  outputThumbnail(runUuid: string, stepId: string, file: string): Promise<{ mime: 'image/png' | 'image/jpeg'; base64: string }>;
  usage(): Promise<StorageUsage>;
  clean(req: CleanRequest): Promise<CleanResult>;
  dispose(): Promise<void>;
}

/** What the CLI and tests wait on. */
export interface JobServiceHandle extends JobService {
  /** Jobs of earlier processes adopted, missed firings started (when scheduling). */
  readonly ready: Promise<void>;
  /** Resolves when the job's current firing has ended (at once when none is going). */
  idle(jobUuid: string): Promise<Job>;
}

export interface JobServiceDeps {
  config: ConfigService;
  project: ProjectService;
  runs: RunServiceHandle;
  bus: EventBus;
  dataDir: string;
  clock?: Clock;
  /**
   * Fire schedules and take over the jobs of processes that are gone (the app, `orchest serve`).
   * A one-shot command (`orchest job run`) runs only its own job.
   */
  schedule: boolean;
}

/** A job this process runs. */
interface LiveJob {
  job: Job;
  runs: Map<string, RunRecord>;
  /** Runs of the current firing, in grid order. */
  firing: string[];
  firingOpen: boolean;
  firingStartedAt: number;
  /** Runs being prepared or going. */
  active: Set<string>;
  pinned: Map<string, StepImage> | null;
  disarm: (() => void) | null;
  cancelled: boolean;
  deleted: boolean;
  /** Waiters for the end of the current firing. */
  idle: Array<() => void>;
}

const FINISHED_JOB: ReadonlySet<JobStatus> = new Set(['SUCCESS', 'FAILURE', 'ABORTED']);

export function createJobService(deps: JobServiceDeps): JobServiceHandle {
  const { project, runs, bus } = deps;
  const clock = deps.clock ?? systemClock;
  const store = new JobStore(deps.dataDir);
  const live = new Map<string, LiveJob>();
  const interactive = new InteractiveHistory(store, project, bus);
  const storage = new StorageManager({ store, config: deps.config, project, interactive, removeJob: (uuid) => remove(uuid), trimRuns: (uuid, keep) => trimRuns(uuid, keep) });
  const unsubscribe = bus.subscribe((event, payload) => interactive.onEvent(event, payload));

  const ready = deps.schedule ? adoptJobs() : Promise.resolve();

  // ---- state changes ----

  function publishJob(l: LiveJob): void {
    if (l.deleted) return;
    l.job.counts = countRuns([...l.runs.values()]);
    const job = structuredClone(l.job);
    void store.saveJob(job).catch((err: unknown) => console.warn(`orchest: saving job ${job.uuid}: ${(err as Error).message}`));
    bus.emit('jobs.changed', { jobUuid: job.uuid, job });
  }

  function publishRun(l: LiveJob, record: RunRecord): void {
    if (l.deleted) return;
    l.runs.set(record.uuid, record);
    void store.saveRun(record).catch((err: unknown) => console.warn(`orchest: saving run ${record.uuid}: ${(err as Error).message}`));
    bus.emit('runs.recorded', structuredClone(record));
  }

  // ---- create, schedule, fire ----

  async function create(def: ParsedJobDefinition): Promise<Job> {
    await ready;
    const root = project.root();
    const doc = await project.readPipeline(def.pipeline);
    const pipeline = runnablePipeline(doc);
    checkSchedule(def.schedule);
    selectedCombinations(def.parameters, def.deselected); // refuses a bad grid or selection now, not at the first firing
    const uuid = randomUUID();
    const snapshotPath = store.snapshotDir(uuid);
    try {
      await snapshotProject(root, snapshotPath);
    } catch (err) {
      await store.remove(store.jobDir(uuid)).catch(() => undefined);
      throw new CoreError('INTERNAL', `The project could not be copied for the job into ${snapshotPath}: ${(err as Error).message}. Check the free disk space and that every project file is readable.`);
    }
    const now = clock.now();
    const job: Job = {
      uuid,
      definition: { ...def, pipeline: doc.path },
      projectRoot: root,
      pipelineName: pipeline.name,
      status: 'SCHEDULED',
      createdAt: now,
      nextRunAt: null,
      lastFiredAt: null,
      firings: 0,
      snapshotPath,
      images: {},
      counts: countRuns([]),
    };
    const l = newLive(job, []);
    live.set(uuid, l);
    arm(l, 'create');
    publishJob(l);
    return structuredClone(l.job);
  }

  function newLive(job: Job, records: RunRecord[]): LiveJob {
    return { job, runs: new Map(records.map((r) => [r.uuid, r])), firing: [], firingOpen: false, firingStartedAt: 0, active: new Set(), pinned: null, disarm: null, cancelled: job.status === 'ABORTED', deleted: false, idle: [] };
  }

  /** Set the timer of the job's next firing. `startup`: a firing missed while closed runs now (when the job says so). */
  function arm(l: LiveJob, why: 'create' | 'startup' | 'after-firing' | 'resume'): void {
    l.disarm?.();
    l.disarm = null;
    const { job } = l;
    if (l.cancelled || l.deleted) return;
    const schedule = job.definition.schedule;
    const now = clock.now();
    let at: number | null;
    if (schedule.type === 'cron') {
      const from = why === 'startup' ? (job.lastFiredAt ?? job.createdAt) : now;
      at = nextFiring(schedule, from, job.firings);
      if (at !== null && at <= now) at = schedule.runMissed ? now : nextFiring(schedule, now, job.firings);
    } else {
      at = nextFiring(schedule, now, job.firings);
    }
    job.nextRunAt = at;
    if (at === null) return;
    l.disarm = clock.at(at, () => {
      l.disarm = null;
      void fire(l, 'schedule');
    });
  }

  async function fire(l: LiveJob, why: 'schedule' | 'manual'): Promise<void> {
    const { job } = l;
    if (l.cancelled || l.deleted) return;
    const def = job.definition;
    if (job.status === 'PAUSED' && why === 'schedule') {
      // A paused cron job skips its firing; a once job fires when resumed.
      if (def.schedule.type === 'cron') arm(l, 'after-firing');
      publishJob(l);
      return;
    }
    if (l.firingOpen) {
      job.message = `A firing at ${new Date(clock.now()).toISOString()} was skipped: the previous one was still going.`;
      arm(l, 'after-firing');
      publishJob(l);
      return;
    }
    const firing = job.firings;
    job.firings++;
    job.lastFiredAt = clock.now();
    job.status = 'RUNNING';
    delete job.message;
    l.firingOpen = true;
    l.firingStartedAt = Date.now();
    l.firing = [];
    if (def.schedule.type === 'cron') arm(l, 'after-firing');
    else job.nextRunAt = null;
    publishJob(l);

    const snapshot = job.snapshotPath;
    try {
      if (!snapshot) throw new CoreError('NOT_FOUND', 'The job has no snapshot any more (it was cleaned up): create the job again.');
      if ((def.runner ?? deps.config.get().default_runner) === 'docker' && !l.pinned) {
        const pinned = await runs.pinImages(snapshotTarget(snapshot), def.pipeline);
        l.pinned = pinned;
        job.images = Object.fromEntries([...pinned].map(([step, img]) => [step, { name: img.name, id: img.image }]));
      }
    } catch (err) {
      job.message = `The job could not start: ${(err as Error).message}`;
      finishFiring(l);
      return;
    }
    for (const combo of selectedCombinations(def.parameters, def.deselected)) {
      const record: RunRecord = {
        uuid: randomUUID(),
        kind: 'job',
        jobUuid: job.uuid,
        jobName: def.name,
        firing,
        index: combo.index,
        pipeline: def.pipeline,
        pipelineName: job.pipelineName,
        projectRoot: job.projectRoot,
        parameters: combo.parameters,
        status: 'PENDING',
        runner: def.runner ?? deps.config.get().default_runner,
        createdAt: Date.now(),
        snapshotPath: null,
        outputsDir: '',
        dataDir: '',
        images: job.images,
        steps: [],
      };
      l.firing.push(record.uuid);
      publishRun(l, record);
    }
    publishJob(l);
    pump(l);
  }

  /** Start runs of the firing while places are free; end the firing when nothing is left. */
  function pump(l: LiveJob): void {
    if (l.deleted || !l.firingOpen) return;
    const pending = () => l.firing.filter((id) => l.runs.get(id)?.status === 'PENDING' && !l.active.has(id));
    if (l.job.status !== 'PAUSED' && !l.cancelled) {
      for (const id of pending()) {
        if (l.active.size >= l.job.definition.parallelRuns) break;
        l.active.add(id);
        void startRun(l, id);
      }
    }
    if (l.active.size === 0 && (l.cancelled || pending().length === 0)) finishFiring(l);
  }

  async function startRun(l: LiveJob, runUuid: string): Promise<void> {
    const { job } = l;
    const def = job.definition;
    let record = l.runs.get(runUuid)!;
    const dir = store.runDir(job.uuid, runUuid);
    const copy = path.join(dir, 'project');
    try {
      await cloneTree(job.snapshotPath!, copy);
      await writeRunParameters(copy, def.pipeline, record.parameters);
      const target = snapshotTarget(copy);
      const doc = await target.readPipeline(def.pipeline);
      const outputsDir = doc.pipeline ? pipelineArtefacts(copy, { layout: doc.layout, dir: doc.dir, uuid: doc.pipeline.uuid }).dataDir : '';
      record = { ...record, snapshotPath: copy, outputsDir, dataDir: path.join(dir, 'data') };
      publishRun(l, record);
      if (l.cancelled || l.deleted) throw new CoreError('BUSY', 'Cancelled before it started.');
      await runs.startIsolated({
        runId: runUuid,
        target,
        pipeline: def.pipeline,
        projectRoot: job.projectRoot,
        env: def.env,
        parallelism: def.parallelism,
        runner: def.runner,
        images: l.pinned ?? undefined,
        sharedDataDir: record.dataDir,
        retries: def.retries,
        hooks: {
          onUpdate: (state, attempts) => publishRun(l, applyRunState(l.runs.get(runUuid)!, state, attempts)),
          onLog: (chunk, attempt) => bus.emit('jobs.log', { ...chunk, jobUuid: job.uuid, attempt }),
        },
      });
      await runs.wait(runUuid);
    } catch (err) {
      const current = l.runs.get(runUuid) ?? record;
      if (!isRunFinished(current.status)) {
        const cancelled = l.cancelled || l.deleted;
        publishRun(l, { ...current, status: cancelled ? 'ABORTED' : 'FAILURE', endedAt: Date.now(), message: cancelled ? 'Cancelled before it started.' : (err as Error).message });
      }
    } finally {
      l.active.delete(runUuid);
    }
    await applyRetention(l);
    publishJob(l);
    pump(l);
  }

  function finishFiring(l: LiveJob): void {
    if (!l.firingOpen && l.firing.length) return;
    l.firingOpen = false;
    const { job } = l;
    const firingRuns = l.firing.map((id) => l.runs.get(id)).filter((r): r is RunRecord => Boolean(r));
    const status = firingRuns.length ? overallStatus(firingRuns) : 'FAILURE';
    if (l.cancelled) job.status = 'ABORTED';
    else if (job.definition.schedule.type === 'cron') job.status = 'SCHEDULED';
    else job.status = status;
    publishJob(l);
    const summary: JobSummary = {
      job: { uuid: job.uuid, name: job.definition.name, pipeline: job.definition.pipeline, status: job.status },
      firing: Math.max(0, job.firings - 1),
      status: l.cancelled ? 'ABORTED' : status,
      startedAt: l.firingStartedAt,
      endedAt: Date.now(),
      counts: countRuns(firingRuns),
      runs: firingRuns.map((r) => ({ uuid: r.uuid, status: r.status, parameters: r.parameters, ...(r.startedAt !== undefined ? { startedAt: r.startedAt } : {}), ...(r.endedAt !== undefined ? { endedAt: r.endedAt } : {}) })),
    };
    const c = summary.counts;
    bus.emit('notify.finished', {
      kind: 'job',
      jobUuid: job.uuid,
      runUuid: null,
      status: summary.status,
      title: `Job "${job.definition.name}" ${summary.status === 'SUCCESS' ? 'succeeded' : summary.status === 'ABORTED' ? 'was cancelled' : 'failed'}`,
      body: job.message ?? `${c.succeeded} of ${c.total} run${c.total === 1 ? '' : 's'} succeeded${c.failed ? `, ${c.failed} failed` : ''}${c.aborted ? `, ${c.aborted} cancelled` : ''}.`,
    });
    const waiters = l.idle.splice(0);
    const done = () => {
      for (const w of waiters) w();
    };
    const url = job.definition.webhookUrl;
    if (!url) return done();
    void postWebhook(url, summary).then((problem) => {
      if (problem) {
        job.message = problem;
        publishJob(l);
      }
      done();
    });
  }

  async function applyRetention(l: LiveJob): Promise<void> {
    const keep = l.job.definition.maxRunsToKeep;
    if (keep !== null) await trimLive(l, keep);
  }

  /** Delete the job's finished runs but the newest `keep`, with their copies and logs. */
  async function trimLive(l: LiveJob, keep: number): Promise<{ freedBytes: number; removed: number }> {
    const finished = [...l.runs.values()].filter((r) => isRunFinished(r.status) && !l.active.has(r.uuid)).sort(newestFirst);
    let freedBytes = 0;
    for (const old of finished.slice(keep)) {
      const dir = store.runDir(l.job.uuid, old.uuid);
      l.runs.delete(old.uuid);
      freedBytes += (await folderBytes(dir).catch(() => ({ bytes: 0 }))).bytes;
      await store.remove(dir).catch(() => undefined);
    }
    return { freedBytes, removed: Math.max(0, finished.length - keep) };
  }

  async function trimRuns(jobUuid: string, keep: number): Promise<{ freedBytes: number; removed: number } | null> {
    const l = live.get(jobUuid);
    if (!l) return null;
    const out = await trimLive(l, keep);
    publishJob(l);
    return out;
  }

  // ---- taking over after a restart ----

  async function adoptJobs(): Promise<void> {
    for (const { job, owner } of await store.loadJobs()) {
      if (!ownerGone(owner)) continue; // another live process runs it
      const now = Date.now();
      const records = (await store.loadRuns(job.uuid)).map((r) => interrupted(r, now));
      const l = newLive(job, records);
      for (const r of records) await store.saveRun(r);
      if (job.status === 'RUNNING' || (job.status === 'PAUSED' && records.some((r) => r.firing === job.firings - 1 && r.status === 'ABORTED' && r.message?.startsWith('Not started: the app stopped')))) {
        job.message = 'The app stopped during the last firing: its runs that had not finished were stopped.';
        if (job.status === 'RUNNING') job.status = job.definition.schedule.type === 'cron' ? 'SCHEDULED' : 'FAILURE';
      }
      l.job.counts = countRuns(records);
      live.set(job.uuid, l);
      if (!FINISHED_JOB.has(job.status)) arm(l, 'startup');
      publishJob(l);
    }
  }

  // ---- lookups ----

  async function findJob(jobUuid: string): Promise<{ job: Job; l?: LiveJob }> {
    await ready;
    const l = live.get(jobUuid);
    if (l) return { job: l.job, l };
    const loaded = await store.loadJob(jobUuid);
    if (!loaded) throw new CoreError('NOT_FOUND', `No job ${jobUuid}.`);
    return { job: loaded.job };
  }

  async function owned(jobUuid: string): Promise<LiveJob> {
    const { l } = await findJob(jobUuid);
    if (!l) throw new CoreError('BUSY', `Job ${jobUuid} is run by another Orchest process (e.g. an "orchest job run" in a terminal): stop or change it there.`);
    return l;
  }

  /** Every job of the open project: ours from memory, others' from disk. */
  async function projectJobs(root: string): Promise<Job[]> {
    await ready;
    const out = new Map<string, Job>();
    for (const { job } of await store.loadJobs()) if (job.projectRoot === root) out.set(job.uuid, job);
    for (const l of live.values()) if (l.job.projectRoot === root) out.set(l.job.uuid, structuredClone(l.job));
    return [...out.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  async function jobRuns(jobUuid: string): Promise<RunRecord[]> {
    const l = live.get(jobUuid);
    const list = l ? [...l.runs.values()].map((r) => structuredClone(r)) : await store.loadRuns(jobUuid);
    return list.sort(listedOrder);
  }

  async function record(runUuid: string): Promise<RunRecord> {
    await ready;
    for (const l of live.values()) {
      const r = l.runs.get(runUuid);
      if (r) return structuredClone(r);
    }
    const root = project.root();
    const found = (await history({ limit: 100_000 })).find((r) => r.uuid === runUuid) ?? (await interactive.find(root, runUuid));
    if (!found) throw new CoreError('NOT_FOUND', `No run ${runUuid} in the history of ${root}.`);
    return found;
  }

  async function history(q: { pipeline?: string | undefined; jobUuid?: string | undefined; limit: number }): Promise<RunRecord[]> {
    const root = project.root();
    const jobs = q.jobUuid ? [(await findJob(q.jobUuid)).job] : await projectJobs(root);
    let all: RunRecord[] = [];
    for (const job of jobs) all.push(...(await jobRuns(job.uuid)));
    if (!q.jobUuid) all.push(...(await interactive.list(root)));
    if (q.pipeline) all = all.filter((r) => r.pipeline === q.pipeline);
    return all.sort(listedOrder).slice(0, q.limit);
  }

  // ---- controls ----

  async function pause(jobUuid: string): Promise<Job> {
    const l = await owned(jobUuid);
    if (FINISHED_JOB.has(l.job.status)) throw new CoreError('INVALID_ARGUMENT', `Job "${l.job.definition.name}" has ended (${l.job.status}); there is nothing to pause.`);
    l.job.status = 'PAUSED';
    publishJob(l);
    return structuredClone(l.job);
  }

  async function resume(jobUuid: string): Promise<Job> {
    const l = await owned(jobUuid);
    if (l.job.status !== 'PAUSED') return structuredClone(l.job);
    l.job.status = l.firingOpen ? 'RUNNING' : 'SCHEDULED';
    if (!l.firingOpen) arm(l, 'resume');
    publishJob(l);
    pump(l);
    return structuredClone(l.job);
  }

  async function cancel(jobUuid: string): Promise<Job> {
    const l = await owned(jobUuid);
    if (l.cancelled) return structuredClone(l.job);
    l.cancelled = true;
    l.disarm?.();
    l.disarm = null;
    l.job.nextRunAt = null;
    for (const id of l.firing) {
      const r = l.runs.get(id);
      if (r?.status === 'PENDING' && !l.active.has(id)) publishRun(l, { ...r, status: 'ABORTED', endedAt: Date.now(), message: 'Cancelled before it started.' });
    }
    await Promise.all([...l.active].map((id) => runs.cancel(id).catch(() => undefined)));
    if (!l.firingOpen) l.job.status = 'ABORTED';
    pump(l);
    publishJob(l);
    return structuredClone(l.job);
  }

  function idle(jobUuid: string): Promise<Job> {
    const l = live.get(jobUuid);
    if (!l) return Promise.reject(new CoreError('NOT_FOUND', `No job ${jobUuid} in this process.`));
    if (!l.firingOpen) return Promise.resolve(structuredClone(l.job));
    return new Promise((resolve) => l.idle.push(() => resolve(structuredClone(l.job))));
  }

  async function remove(jobUuid: string): Promise<{ deleted: string; freedBytes: number }> {
    const { l } = await findJob(jobUuid);
    if (!l) await owned(jobUuid); // refuses another process's job
    if (l) {
      if (!l.cancelled) await cancel(jobUuid);
      if (l.firingOpen) await idle(jobUuid);
      l.deleted = true;
      live.delete(jobUuid);
    }
    const { bytes } = await folderBytes(store.jobDir(jobUuid));
    await store.remove(store.jobDir(jobUuid));
    bus.emit('jobs.changed', { jobUuid, job: null });
    return { deleted: jobUuid, freedBytes: bytes };
  }

  async function runNow(jobUuid: string): Promise<Job> {
    const l = await owned(jobUuid);
    if (l.cancelled) throw new CoreError('INVALID_ARGUMENT', `Job "${l.job.definition.name}" was cancelled: create it again to run it.`);
    if (l.firingOpen) throw new CoreError('BUSY', `Job "${l.job.definition.name}" is running: wait for its runs to end, or cancel it.`);
    if (l.job.status === 'PAUSED') throw new CoreError('INVALID_ARGUMENT', `Job "${l.job.definition.name}" is paused: resume it first.`);
    void fire(l, 'manual');
    return structuredClone(l.job);
  }

  async function previewGrid(pipelineRel: string, parameters: ParameterGrid | undefined): Promise<GridPreview> {
    const doc = await project.readPipeline(pipelineRel);
    const pipeline = runnablePipeline(doc);
    const file = gridFileOf(doc.path);
    let grid = parameters;
    let source: GridPreview['source'] = 'args';
    if (!grid) {
      const text = await fs.readFile(project.resolve(file), 'utf8').catch(() => null);
      if (text === null) {
        grid = gridOfPipeline(pipeline);
        source = 'pipeline';
      } else {
        grid = parseGridFile(text, file);
        source = 'file';
      }
    }
    const combinations = gridCombinations(grid);
    return { grid, source, file, total: combinations.length, combinations, warnings: gridWarnings(grid, pipeline) };
  }

  async function readRecordLog(runUuid: string, stepId: string, attempt: number | undefined, tailBytes: number): Promise<LogTail> {
    const r = await record(runUuid);
    const step = r.steps.find((s) => s.uuid === stepId);
    if (!step) throw new CoreError('NOT_FOUND', `Run ${runUuid} has no step ${stepId}.`);
    const chosen = attempt === undefined ? step.logPath : step.attemptLog.find((a) => a.attempt === attempt)?.logPath;
    if (!chosen) throw new CoreError('NOT_FOUND', `Step "${step.title}" made ${step.attempts} attempt${step.attempts === 1 ? '' : 's'} in run ${runUuid}; there is no attempt ${attempt}.`);
    return (await readTail(chosen, tailBytes)) ?? { text: '', size: 0, truncated: false };
  }

  async function recordStep(runUuid: string, stepId: string): Promise<{ r: RunRecord; step: RunRecordStep }> {
    const r = await record(runUuid);
    const step = r.steps.find((s) => s.uuid === stepId);
    if (!step) throw new CoreError('NOT_FOUND', `Run ${runUuid} has no step ${stepId}.`);
    return { r, step };
  }

  /** The step's notebook file, project-relative, as the run had it (its copy), else as the project has it now. */
  async function stepSourcePath(r: RunRecord, stepId: string): Promise<string | null> {
    const doc = await (r.snapshotPath ? snapshotTarget(r.snapshotPath).readPipeline(r.pipeline) : project.readPipeline(r.pipeline)).catch(() => null);
    const file = doc?.pipeline?.steps[stepId]?.file_path;
    return file ? projectPathFor(doc.dir, file) : null;
  }

  async function stepNotebook(runUuid: string, stepId: string): Promise<NotebookDocument | null> {
    const { r, step } = await recordStep(runUuid, stepId);
    const source = (await stepSourcePath(r, stepId)) ?? `${stepId}.ipynb`;
    return readRecordedNotebook(stepFilePlaces(store, r, step), source, step.title || stepId);
  }

  async function stepOutputs(runUuid: string, stepId: string): Promise<RecordedOutputs> {
    const { r, step } = await recordStep(runUuid, stepId);
    return readRecordedOutputs(stepFilePlaces(store, r, step), r, step);
  }

  async function outputThumbnail(runUuid: string, stepId: string, file: string) {
    const { r, step } = await recordStep(runUuid, stepId);
    return readRecordedThumbnail(stepFilePlaces(store, r, step), file);
  }

  async function artifacts(runUuid: string, stepId: string) {
    const { r, step } = await recordStep(runUuid, stepId);
    const outputs: Array<{ name: string; path: string; bytes: number }> = [];
    // An interactive run's outputs are the project's: listed only while no later run replaced them.
    const current = r.kind === 'interactive' && r.outputsDir && isSafeStepId(stepId) ? await readStoredOutput(r.projectRoot, path.join(r.outputsDir, stepId)) : null;
    const stillThisRun = !current || (current.kind !== 'absent' && current.summary.runUuid === r.uuid);
    // A step that did not end (cancelled, or going when the app stopped): what it left is no result.
    if (r.outputsDir && stillThisRun && step.status !== 'ABORTED') {
      const dir = path.join(r.outputsDir, stepId);
      for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        if (!e.isFile()) continue;
        const p = path.join(dir, e.name);
        outputs.push({ name: e.name, path: p, bytes: (await fs.stat(p)).size });
      }
    }
    const source = await stepSourcePath(r, stepId);
    const notebookPath = source?.toLowerCase().endsWith('.ipynb') ? path.join(r.snapshotPath ?? r.projectRoot, source) : null;
    return { outputs, notebookPath };
  }

  async function dispose(): Promise<void> {
    unsubscribe();
    await ready.catch(() => undefined);
    for (const l of live.values()) {
      l.disarm?.();
      l.disarm = null;
    }
    await Promise.all([...live.values()].flatMap((l) => [...l.active].map((id) => runs.cancel(id).catch(() => undefined))));
    await interactive.flush();
    await store.flush();
  }

  return {
    ready,
    idle,
    create,
    list: async () => projectJobs(project.root()),
    async get(jobUuid) {
      const { job } = await findJob(jobUuid);
      return { job: structuredClone(job), runs: await jobRuns(jobUuid) };
    },
    pause,
    resume,
    cancel,
    remove,
    runNow,
    previewGrid,
    history,
    record,
    readRecordLog,
    artifacts,
    stepOutputs,
    stepNotebook,
    outputThumbnail,
    usage: () => storage.usage(),
    clean: (req) => storage.clean(req),
    dispose,
  };
}
