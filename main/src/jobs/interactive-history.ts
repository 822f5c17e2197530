import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunRecord, StepAttempt } from '../api/jobs.js';
import type { EventName } from '../api/contract.js';
import type { RunState } from '../api/runs.js';
import { isRunFinished } from '../common/statuses.js';
import type { EventBus } from '../core/event-bus.js';
import type { ProjectService } from '../project/project-service.js';
import { pipelineArtefacts } from '../runs/artefacts.js';
import { PIPELINE_PARAMETERS_KEY } from '../api/jobs.js';
import type { JobStore } from './job-store.js';
import { keepStepFiles } from './recorded-step-files.js';
import { applyRunState } from './run-record.js';

/** An interactive run this long or longer gets a desktop notification when it ends. */
export const LONG_RUN_MS = 60_000;

interface Entry {
  record: RunRecord;
  /** Work on this run's record, in event order. */
  chain: Promise<void>;
}

/**
 * The editor's and `orchest run`'s runs in the history (the last-run file of runs/ stays as it
 * is): each recorded as it goes; when it ends its logs are kept beside the record, since the
 * next run of the pipeline starts them over.
 */
export class InteractiveHistory {
  private readonly live = new Map<string, Entry>();

  constructor(
    private readonly store: JobStore,
    private readonly project: ProjectService,
    private readonly bus: EventBus,
  ) {}

  onEvent(event: EventName, payload: unknown): void {
    if (event !== 'run.updated') return;
    const state = payload as RunState;
    let entry = this.live.get(state.id);
    if (!entry) {
      let root: string;
      try {
        root = this.project.root();
      } catch {
        return; // no project open: nothing to file it under
      }
      entry = { record: this.newRecord(state, root), chain: Promise.resolve() };
      this.live.set(state.id, entry);
      const e = entry;
      e.chain = this.describe(e);
    }
    const e = entry;
    e.chain = e.chain.then(() => this.apply(e, state)).catch((err: unknown) => console.warn(`orchest: recording run ${state.id}: ${(err as Error).message}`));
  }

  private newRecord(state: RunState, root: string): RunRecord {
    return {
      uuid: state.id,
      kind: 'interactive',
      jobUuid: null,
      jobName: null,
      firing: 0,
      index: 0,
      pipeline: state.pipeline,
      pipelineName: state.pipeline,
      projectRoot: root,
      parameters: {},
      status: state.status,
      runner: state.runner,
      createdAt: state.startedAt,
      snapshotPath: null,
      outputsDir: '',
      dataDir: path.join(this.store.dataDir, 'data'),
      images: {},
      steps: [],
    };
  }

  /** The pipeline's name, parameters and outputs folder, as they are when the run starts. */
  private async describe(e: Entry): Promise<void> {
    try {
      const doc = await this.project.readPipeline(e.record.pipeline);
      const p = doc.pipeline;
      if (!p) return;
      const parameters: RunRecord['parameters'] = {};
      if (Object.keys(p.parameters).length) parameters[PIPELINE_PARAMETERS_KEY] = p.parameters;
      for (const s of Object.values(p.steps)) if (Object.keys(s.parameters).length) parameters[s.uuid] = s.parameters;
      const outputsDir = pipelineArtefacts(e.record.projectRoot, { layout: doc.layout, dir: doc.dir, uuid: p.uuid }).dataDir;
      e.record = { ...e.record, pipelineName: p.name, parameters, outputsDir };
    } catch {
      // The run goes on; its record just names the pipeline by path.
    }
  }

  private async apply(e: Entry, state: RunState): Promise<void> {
    const attempts = new Map<string, StepAttempt[]>();
    for (const s of state.steps) {
      if (s.startedAt === undefined) continue;
      const { status, startedAt, endedAt, exitCode, message, logPath } = s;
      attempts.set(s.uuid, [{ attempt: 1, status, startedAt, logPath, ...(endedAt !== undefined ? { endedAt } : {}), ...(exitCode !== undefined ? { exitCode } : {}), ...(message !== undefined ? { message } : {}) }]);
    }
    let record = applyRunState(e.record, state, attempts);
    if (isRunFinished(state.status)) {
      record = await this.keepLogs(record);
      this.live.delete(state.id);
      const took = (record.endedAt ?? 0) - (record.startedAt ?? record.createdAt);
      if (took >= LONG_RUN_MS) {
        this.bus.emit('notify.finished', {
          kind: 'run',
          jobUuid: null,
          runUuid: record.uuid,
          status: record.status,
          title: `Run of "${record.pipelineName}" ${record.status === 'SUCCESS' ? 'succeeded' : record.status === 'ABORTED' ? 'was cancelled' : 'failed'}`,
          body: record.message ?? `${record.steps.length} steps in ${Math.round(took / 1000)} s.`,
        });
      }
    }
    e.record = record;
    // Only the end is waited for: the store spaces the writes of a going run (the list answers
    // from memory meanwhile).
    const saved = this.store.saveRun(record);
    if (isRunFinished(record.status)) await saved;
    else saved.catch((err: unknown) => console.warn(`orchest: recording run ${record.uuid}: ${(err as Error).message}`));
    this.bus.emit('runs.recorded', structuredClone(record));
  }

  /**
   * Keep each step's log beside the record (a hard link: the next run writes a new file; a copy
   * where the two folders are on different filesystems), and copies of its executed notebook and
   * output summaries; the record then points at the kept logs.
   */
  private async keepLogs(record: RunRecord): Promise<RunRecord> {
    const historyDir = this.store.historyDir(record.projectRoot, record.uuid);
    const dir = path.join(historyDir, 'logs');
    await fs.mkdir(dir, { recursive: true });
    const steps = await Promise.all(
      record.steps.map(async (s) => {
        if (!s.attempts) return s;
        await keepStepFiles(historyDir, s, record.outputsDir);
        const kept = path.join(dir, `${s.uuid}.log`);
        await fs.rm(kept, { force: true });
        const ok = await fs.link(s.logPath, kept).then(
          () => true,
          () => fs.copyFile(s.logPath, kept).then(() => true, () => false),
        );
        if (!ok) return s;
        return { ...s, logPath: kept, attemptLog: s.attemptLog.map((a) => ({ ...a, logPath: kept })) };
      }),
    );
    return { ...record, steps };
  }

  /** Recorded interactive runs of a project, the ones going included. */
  async list(root: string): Promise<RunRecord[]> {
    const byId = new Map((await this.store.loadInteractive(root)).map((r) => [r.uuid, r]));
    for (const e of this.live.values()) if (e.record.projectRoot === root) byId.set(e.record.uuid, structuredClone(e.record));
    return [...byId.values()];
  }

  async find(root: string, uuid: string): Promise<RunRecord | undefined> {
    return (await this.list(root)).find((r) => r.uuid === uuid);
  }

  /** Runs going now (their shared /data is in use). */
  activeCount(): number {
    return this.live.size;
  }

  async flush(): Promise<void> {
    await Promise.allSettled([...this.live.values()].map((e) => e.chain));
    await this.store.flush();
  }
}
