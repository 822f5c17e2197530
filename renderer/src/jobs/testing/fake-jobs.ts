/**
 * Test support: the jobs.*, runs.history/record/readRecordLog/artifacts and storage.* methods in
 * memory on top of FakeCore, with runs the test moves along by emitting 'runs.recorded' and
 * 'jobs.log' as the real core does.
 */
import type { Args, EventName, MethodName, Result } from '../../../../main/src/api/contract.js';
import type { Envelope, ErrorCode } from '../../../../main/src/api/errors.js';
import type { Job, ParsedJobDefinition, RunRecord, StorageUsage } from '../../../../main/src/api/jobs.js';
import { ClientError } from '../../client/client-error.js';
import { createCoreClient, type CoreClient } from '../../client/core-client.js';
import { CoreError, type FakeCore } from '../../testing/fake-core.js';
import { expandGrid } from '../../../../main/src/common/parameter-grid.js';
import { job as jobOf, record, T0 } from '../../../../main/src/jobs/testing/records.js';

const EVENTS: EventName[] = ['project.changed', 'pipeline.changed', 'jobs.changed', 'runs.recorded', 'jobs.log', 'notify.finished'];

export class FakeJobs {
  readonly jobs = new Map<string, Job>();
  readonly runs = new Map<string, RunRecord>();
  /** runUuid/stepId/attempt → log text. */
  readonly logs = new Map<string, string>();
  /** The parameters file's grid (null: none beside the pipeline). */
  fileGrid: Record<string, Record<string, unknown[]>> | null = null;
  usage: StorageUsage = {
    dataDir: '/home/u/.local/share/orchest',
    totalBytes: 3 * 1024 * 1024,
    categories: [{ category: 'snapshots', bytes: 2 * 1024 * 1024, items: 2, description: 'project copies of jobs' }],
    jobs: [],
    images: [],
  };
  private next = 1;

  constructor(private readonly core: FakeCore) {}

  addRun(run: RunRecord): RunRecord {
    this.runs.set(run.uuid, run);
    return run;
  }

  /** A run changed: the core records it and tells every client. */
  update(runUuid: string, patch: Partial<RunRecord>): void {
    const run = { ...this.runs.get(runUuid)!, ...patch };
    this.runs.set(runUuid, run);
    this.core.emit('runs.recorded', run);
  }

  setJob(uuid: string, patch: Partial<Job>): void {
    const job = { ...this.jobs.get(uuid)!, ...patch };
    this.jobs.set(uuid, job);
    this.core.emit('jobs.changed', { jobUuid: uuid, job });
  }

  /** The pipeline's own values, one each (as the core starts a grid without a parameters file). */
  private pipelineGrid(path: string): Record<string, Record<string, unknown[]>> {
    const p = this.core.read(path);
    if (!p) return {};
    const wrap = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [v]]));
    const grid: Record<string, Record<string, unknown[]>> = Object.keys(p.parameters).length ? { pipeline_parameters: wrap(p.parameters) } : {};
    for (const st of Object.values(p.steps)) if (Object.keys(st.parameters).length) grid[st.uuid] = wrap(st.parameters);
    return grid;
  }

  private job(uuid: string): Job {
    const job = this.jobs.get(uuid);
    if (!job) throw new CoreError('NOT_FOUND', `No job ${uuid}.`);
    return job;
  }

  private readonly handlers: Partial<Record<MethodName, (args: never) => unknown>> = {
    'jobs.previewGrid': (args: Args<'jobs.previewGrid'>) => {
      const grid = args.parameters ?? this.fileGrid ?? this.pipelineGrid(args.pipeline);
      const combinations = expandGrid(grid).map((parameters, index) => ({ index, parameters }));
      return { grid, source: args.parameters ? 'args' : this.fileGrid ? 'file' : 'pipeline', file: args.pipeline.replace(/\.json$/, '.parameters.json'), total: combinations.length, combinations, warnings: [] };
    },
    'pipeline.read': (args: Args<'pipeline.read'>) => this.core.document(args.path),
    'jobs.create': (args: Args<'jobs.create'>) => {
      const uuid = `job-${this.next++}`;
      const definition = args.definition as ParsedJobDefinition;
      const job = jobOf({ uuid, definition, status: definition.schedule.type === 'now' ? 'RUNNING' : 'SCHEDULED' });
      this.jobs.set(uuid, job);
      return job;
    },
    'jobs.list': () => [...this.jobs.values()].reverse(),
    'jobs.pause': (args: Args<'jobs.pause'>) => this.jobs.set(args.jobUuid, { ...this.job(args.jobUuid), status: 'PAUSED' }).get(args.jobUuid),
    'jobs.resume': (args: Args<'jobs.resume'>) => this.jobs.set(args.jobUuid, { ...this.job(args.jobUuid), status: 'RUNNING' }).get(args.jobUuid),
    'jobs.cancel': (args: Args<'jobs.cancel'>) => this.jobs.set(args.jobUuid, { ...this.job(args.jobUuid), status: 'ABORTED' }).get(args.jobUuid),
    'jobs.delete': (args: Args<'jobs.delete'>) => {
      this.job(args.jobUuid);
      this.jobs.delete(args.jobUuid);
      return { deleted: args.jobUuid, freedBytes: 1024 };
    },
    'runs.history': () => [...this.runs.values()].sort((a, b) => b.createdAt - a.createdAt),
    'runs.record': (args: Args<'runs.record'>) => {
      const run = this.runs.get(args.runUuid);
      if (!run) throw new CoreError('NOT_FOUND', `No run ${args.runUuid}.`);
      return run;
    },
    'runs.readRecordLog': (args: Args<'runs.readRecordLog'>) => {
      const steps = this.runs.get(args.runUuid)?.steps.find((s) => s.uuid === args.stepId);
      const text = this.logs.get(`${args.runUuid}/${args.stepId}/${args.attempt ?? steps?.attempts ?? 1}`) ?? '';
      return { text, size: new TextEncoder().encode(text).length, truncated: false };
    },
    'runs.artifacts': (args: Args<'runs.artifacts'>) => ({
      outputs: [{ name: `${args.stepId}-out`, path: `/data/out/${args.stepId}/${args.stepId}-out`, bytes: 2048 }],
      notebookPath: args.stepId === 'train' ? `/data/runs/${args.runUuid}/train.ipynb` : null,
    }),
    // A data frame of as many rows as the run's number (#1: 1 row), so that two runs' summaries differ.
    'runs.stepOutputs': (args: Args<'runs.stepOutputs'>) => {
      const rows = (this.runs.get(args.runUuid)?.index ?? 0) + 1;
      return {
        state: 'ready' as const,
        message: 'Written by this run.',
        outputs: [
          {
            version: 1 as const,
            name: `${args.stepId}-df`,
            runUuid: args.runUuid,
            writtenAt: T0,
            format: 'pickle',
            type: 'pandas.DataFrame',
            kind: 'dataframe' as const,
            shape: [rows, 1],
            columns: [{ name: 'score', dtype: 'float64' }],
            head: { rows: Array.from({ length: rows }, (_, i) => [i / 2]), truncated: false },
          },
        ],
      };
    },
    'runs.stepNotebook': (args: Args<'runs.stepNotebook'>) =>
      args.stepId === 'train'
        ? { path: 'train.ipynb', hash: 'h', modifiedAt: T0, notebook: { metadata: {}, cells: [{ cell_type: 'code', source: 'print("lr")', metadata: {}, execution_count: 1, outputs: [{ output_type: 'stream', name: 'stdout', text: `ran ${args.runUuid}\n` }] }] } }
        : null,
    'storage.usage': () => this.usage,
    'storage.clean': (args: Args<'storage.clean'>) => {
      if (args.target === 'image') throw new CoreError('INVALID_ARGUMENT', 'A job that is not finished pins this image: cancel or delete it first.');
      this.usage = { ...this.usage, totalBytes: 1024 * 1024 };
      return { freedBytes: 2 * 1024 * 1024, removed: 2, usage: this.usage };
    },
  };

  /** A client that answers the jobs methods here and everything else from `core`. */
  client(): CoreClient {
    const inner = this.core.client();
    return createCoreClient({
      connection: this.core.connection,
      invoke: async <M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>> => {
        const handler = this.handlers[method] as ((a: Args<M>) => Promise<Result<M>> | Result<M>) | undefined;
        if (handler) this.core.calls.push({ method, args });
        try {
          return { result: handler ? await handler(args) : await inner.call(method, args) };
        } catch (err) {
          if (err instanceof CoreError || err instanceof ClientError) return { error: { code: err.code as ErrorCode, message: err.message } };
          throw err;
        }
      },
      subscribe: (listener) => {
        const offs = EVENTS.map((name) => inner.on(name, (payload) => listener(name, payload)));
        return () => offs.forEach((off) => off());
      },
    });
  }
}

export { record, T0 };
