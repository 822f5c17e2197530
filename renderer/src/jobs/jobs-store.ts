/**
 * Jobs and the run history of the open project, per app instance: the lists (live from
 * 'jobs.changed' and 'runs.recorded'), the panel the Runs & jobs screen shows (a run, two runs
 * compared, the New job form, disk usage), a read-only step log of a recorded run (its file's
 * tail, then live 'jobs.log' chunks placed by offset) and the job commands.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FinishedNotice, Job, JobDefinition, ParameterGrid, RunRecord, StorageCleanRequest, StorageUsage, GridPreview } from '../../../main/src/api/jobs.js';
import type { Result } from '../../../main/src/api/contract.js';
import type { NotebookDocument } from '../../../main/src/api/notebooks.js';
import type { Thumbnail } from '../../../main/src/api/outputs.js';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import { LogFollower } from '../logs/log-follower.js';
import type { LogBuffer } from '../logs/log-buffer.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export type JobsPanel =
  | { kind: 'none' }
  | { kind: 'run'; runUuid: string }
  | { kind: 'compare'; runs: [string, string] }
  | { kind: 'new-job'; pipeline: string | null }
  | { kind: 'usage' };

export interface RecordLog {
  runUuid: string;
  stepId: string;
  /** null: the last attempt. */
  attempt: number | null;
  phase: 'loading' | 'ready' | 'error';
  error?: string;
  truncated: boolean;
  fileSize: number;
  buffer: LogBuffer;
  version: number;
}

export interface Artifacts {
  outputs: Array<{ name: string; path: string; bytes: number }>;
  notebookPath: string | null;
}

type ThumbnailFile = Thumbnail['file'];
export type RecordedOutputs = Result<'runs.stepOutputs'>;
export type ThumbnailData = Result<'runs.outputThumbnail'>;

export type JobCommand = 'pause' | 'resume' | 'cancel' | 'runNow';

export interface JobsActions {
  /** The editor opened another project (or none): start over with its jobs and runs. */
  setProject(root: string | null): Promise<void>;
  refresh(): Promise<void>;
  show(panel: JobsPanel): void;
  /** Show only this job's runs (null: every run). */
  filterJob(jobUuid: string | null): void;
  openRun(runUuid: string): void;
  /** Tick a run for comparison; the third tick drops the oldest. */
  toggleCompare(runUuid: string): void;
  compare(): void;
  openLog(runUuid: string, stepId: string, attempt?: number | null): void;
  closeLog(): void;
  loadArtifacts(runUuid: string, stepId: string): Promise<Outcome<Artifacts>>;
  /** A step's output summaries in a recorded run (read-only). */
  loadStepOutputs(runUuid: string, stepId: string): Promise<Outcome<RecordedOutputs>>;
  /** The notebook as the step executed it in that run; null: it kept none. */
  loadStepNotebook(runUuid: string, stepId: string): Promise<Outcome<NotebookDocument | null>>;
  loadThumbnail(runUuid: string, stepId: string, file: string): Promise<Outcome<ThumbnailData>>;
  previewGrid(pipeline: string, parameters?: ParameterGrid): Promise<Outcome<GridPreview>>;
  /** A pipeline's definition (for step titles in the form); null when it cannot be read. */
  readPipeline(path: string): Promise<Pipeline | null>;
  create(definition: JobDefinition): Promise<Outcome<Job>>;
  command(jobUuid: string, command: JobCommand): Promise<Outcome<Job>>;
  remove(jobUuid: string): Promise<Outcome<number>>;
  loadUsage(): Promise<void>;
  clean(request: StorageCleanRequest): Promise<Outcome<{ freedBytes: number; removed: number }>>;
  dispose(): void;
}

export interface JobsState {
  root: string | null;
  /** null until read. */
  jobs: Job[] | null;
  runs: RunRecord[] | null;
  listError: string | null;
  jobFilter: string | null;
  panel: JobsPanel;
  /** Runs ticked for comparison, oldest first (at most two). */
  compareSelection: string[];
  /** Full records of runs opened (history entries may be older than a live run's record). */
  records: Readonly<Record<string, RunRecord>>;
  log: RecordLog | null;
  usage: StorageUsage | null;
  usageError: string | null;
  /** What the last command said (shown as a status line). */
  note: { text: string; tone: 'info' | 'error' } | null;
  actions: JobsActions;
}

export type JobsStore = StoreApi<JobsState>;

export interface JobsStoreOptions {
  /** A job or a long run finished: the page shows a notification (web mode). */
  notify?: (notice: FinishedNotice) => void;
  logTailBytes?: number;
  logFlushMs?: number;
}

const byNewest = (a: { createdAt: number }, b: { createdAt: number }) => b.createdAt - a.createdAt;

function upsert<T extends { createdAt: number }>(list: T[] | null, item: T, same: (x: T) => boolean): T[] | null {
  if (!list) return list;
  const at = list.findIndex(same);
  return (at < 0 ? [item, ...list] : list.map((x, i) => (i === at ? item : x))).sort(byNewest);
}

export function createJobsStore(client: CoreClient, options: JobsStoreOptions = {}): JobsStore {
  const unsubscribers: Array<() => void> = [];
  let follower: LogFollower | null = null;
  let listSeq = 0;

  const attempt = async <T>(work: () => Promise<T>): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      return { ok: false, message: errorMessage(err) };
    }
  };

  const actions: JobsActions = {
    setProject,
    refresh,
    show: (panel) => set({ panel }),
    filterJob: (jobFilter) => set({ jobFilter }),
    openRun,
    toggleCompare(runUuid) {
      const sel = get().compareSelection;
      set({ compareSelection: sel.includes(runUuid) ? sel.filter((x) => x !== runUuid) : [...sel, runUuid].slice(-2) });
    },
    compare() {
      const [a, b] = get().compareSelection;
      if (!a || !b) return;
      for (const uuid of [a, b]) void loadRecord(uuid);
      set({ panel: { kind: 'compare', runs: [a, b] } });
    },
    openLog,
    closeLog,
    loadArtifacts: (runUuid, stepId) => attempt(() => client.call('runs.artifacts', { runUuid, stepId })),
    loadStepOutputs: (runUuid, stepId) => attempt(() => client.call('runs.stepOutputs', { runUuid, stepId })),
    loadStepNotebook: (runUuid, stepId) => attempt(() => client.call('runs.stepNotebook', { runUuid, stepId })),
    loadThumbnail: (runUuid, stepId, file) => attempt(() => client.call('runs.outputThumbnail', { runUuid, stepId, file: file as ThumbnailFile })),
    previewGrid: (pipeline, parameters) => attempt(() => client.call('jobs.previewGrid', { pipeline, ...(parameters ? { parameters } : {}) })),
    readPipeline: (path) => client.call('pipeline.read', { path }).then((doc) => doc.pipeline, () => null),
    async create(definition) {
      const out = await attempt(() => client.call('jobs.create', { definition }));
      if (out.ok) {
        applyJob(out.value.uuid, out.value);
        set({ jobFilter: out.value.uuid, panel: { kind: 'none' }, note: { text: `Created the job “${out.value.definition.name}”.`, tone: 'info' } });
        void loadRuns();
      }
      return out;
    },
    async command(jobUuid, command) {
      const method = ({ pause: 'jobs.pause', resume: 'jobs.resume', cancel: 'jobs.cancel', runNow: 'jobs.runNow' } as const)[command];
      const out = await attempt(() => client.call(method, { jobUuid }));
      if (out.ok) applyJob(jobUuid, out.value);
      else set({ note: { text: out.message, tone: 'error' } });
      return out;
    },
    async remove(jobUuid) {
      const out = await attempt(() => client.call('jobs.delete', { jobUuid }));
      if (!out.ok) {
        set({ note: { text: out.message, tone: 'error' } });
        return out;
      }
      applyJob(jobUuid, null);
      return { ok: true, value: out.value.freedBytes };
    },
    async loadUsage() {
      const out = await attempt(() => client.call('storage.usage', {}));
      set(out.ok ? { usage: out.value, usageError: null } : { usageError: out.message });
    },
    async clean(request) {
      const out = await attempt(() => client.call('storage.clean', request));
      if (!out.ok) return out;
      set({ usage: out.value.usage, usageError: null });
      void refresh();
      return { ok: true, value: { freedBytes: out.value.freedBytes, removed: out.value.removed } };
    },
    dispose() {
      closeLog();
      for (const off of unsubscribers.splice(0)) off();
    },
  };

  const store = createStore<JobsState>()(() => ({
    root: null,
    jobs: null,
    runs: null,
    listError: null,
    jobFilter: null,
    panel: { kind: 'none' },
    compareSelection: [],
    records: {},
    log: null,
    usage: null,
    usageError: null,
    note: null,
    actions,
  }));
  const get = store.getState;
  const set = store.setState;

  async function loadRuns() {
    const seq = listSeq;
    const out = await attempt(() => client.call('runs.history', {}));
    if (seq !== listSeq) return;
    set(out.ok ? { runs: out.value } : { listError: out.message });
  }

  async function refresh() {
    const seq = ++listSeq;
    if (get().root === null) return;
    const [jobs, runs] = await Promise.all([attempt(() => client.call('jobs.list', {})), attempt(() => client.call('runs.history', {}))]);
    if (seq !== listSeq) return;
    const error = !jobs.ok ? jobs.message : !runs.ok ? runs.message : null;
    set({ jobs: jobs.ok ? jobs.value : get().jobs ?? [], runs: runs.ok ? runs.value : get().runs ?? [], listError: error });
  }

  async function setProject(root: string | null) {
    if (root === get().root) return;
    closeLog();
    listSeq++;
    set({ root, jobs: null, runs: null, listError: null, jobFilter: null, panel: { kind: 'none' }, compareSelection: [], records: {}, usage: null, note: null });
    await refresh();
  }

  function applyJob(jobUuid: string, job: Job | null) {
    set((s) => ({
      jobs: job ? upsert(s.jobs, job, (j) => j.uuid === jobUuid) : (s.jobs?.filter((j) => j.uuid !== jobUuid) ?? null),
      ...(job ? {} : { runs: s.runs?.filter((r) => r.jobUuid !== jobUuid) ?? null, jobFilter: s.jobFilter === jobUuid ? null : s.jobFilter }),
    }));
  }

  function applyRecord(record: RunRecord) {
    if (record.projectRoot !== get().root) return;
    set((s) => ({
      runs: upsert(s.runs, record, (r) => r.uuid === record.uuid),
      ...(s.records[record.uuid] ? { records: { ...s.records, [record.uuid]: record } } : {}),
    }));
  }

  async function loadRecord(runUuid: string) {
    const out = await attempt(() => client.call('runs.record', { runUuid }));
    if (out.ok) set((s) => ({ records: { ...s.records, [runUuid]: out.value } }));
    else set({ note: { text: `Could not read the run: ${out.message}`, tone: 'error' } });
  }

  function openRun(runUuid: string) {
    if (get().log?.runUuid !== runUuid) closeLog();
    set({ panel: { kind: 'run', runUuid } });
    void loadRecord(runUuid);
  }

  function bumpLog() {
    const log = get().log;
    if (!log || !follower) return;
    set({ log: { ...log, phase: follower.phase, error: follower.error, truncated: follower.truncated, fileSize: follower.fileSize, version: log.version + 1 } });
  }

  function openLog(runUuid: string, stepId: string, attemptNo: number | null = null) {
    follower?.dispose();
    const f = new LogFollower({
      read: () => client.call('runs.readRecordLog', { runUuid, stepId, ...(attemptNo !== null ? { attempt: attemptNo } : {}), ...(options.logTailBytes ? { tailBytes: options.logTailBytes } : {}) }),
      onChange: () => {
        if (follower === f) bumpLog();
      },
      ...(options.logFlushMs !== undefined ? { flushMs: options.logFlushMs } : {}),
    });
    follower = f;
    set({ log: { runUuid, stepId, attempt: attemptNo, phase: 'loading', truncated: false, fileSize: 0, buffer: f.buffer, version: 0 } });
    f.load();
  }

  function closeLog() {
    follower?.dispose();
    follower = null;
    if (get().log) set({ log: null });
  }

  /** Which attempt a live chunk must be to show in the open pane (the last one, unless one was picked). */
  function wantsChunk(log: RecordLog, runId: string, stepId: string, attemptNo: number): boolean {
    if (log.runUuid !== runId || log.stepId !== stepId) return false;
    if (log.attempt !== null) return log.attempt === attemptNo;
    const step = get().records[runId]?.steps.find((s) => s.uuid === stepId);
    return !step || attemptNo >= step.attempts;
  }

  let wasDown = client.connection.get() === 'reconnecting';
  unsubscribers.push(
    client.on('jobs.changed', ({ jobUuid, job }) => {
      if (job && job.projectRoot !== get().root) return;
      applyJob(jobUuid, job);
    }),
    client.on('runs.recorded', (record) => {
      const before = get().records[record.uuid];
      applyRecord(record);
      // A retry began: the pane following the last attempt starts over on the new attempt's file.
      const log = get().log;
      const step = record.steps.find((s) => s.uuid === log?.stepId);
      const prev = before?.steps.find((s) => s.uuid === log?.stepId);
      if (log && follower && log.runUuid === record.uuid && log.attempt === null && step && prev && step.attempts > prev.attempts) follower.restart();
    }),
    client.on('jobs.log', (chunk) => {
      const log = get().log;
      if (log && follower && wantsChunk(log, chunk.runId, chunk.stepId, chunk.attempt)) follower.push(chunk);
    }),
    client.on('notify.finished', (notice) => options.notify?.(notice)),
    client.connection.subscribe((state) => {
      if (state === 'open' && wasDown) {
        void refresh();
        const log = get().log;
        if (log) openLog(log.runUuid, log.stepId, log.attempt);
      }
      wasDown = state === 'reconnecting';
    }),
  );
  return store;
}

/** The runs the list shows: every run of the project, or the filtered job's (a new array: memoize it). */
export const visibleRuns = (runs: RunRecord[] | null, jobFilter: string | null): RunRecord[] | null => (runs && jobFilter ? runs.filter((r) => r.jobUuid === jobFilter) : runs);

/** The record of a run: the full one once read, else its history entry. */
export const selectRun =
  (runUuid: string | null) =>
  (s: JobsState): RunRecord | null =>
    runUuid ? (s.records[runUuid] ?? s.runs?.find((r) => r.uuid === runUuid) ?? null) : null;
