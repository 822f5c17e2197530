/**
 * A run on a Kubernetes engine, as the run service shows any run: the Workflow's step phases as
 * step states, each step pod's log written to the step's log file and sent live.
 */
import type { ArgoPhase, ArgoWorkflowState } from '../api/argo.js';
import type { LogChunk, RunState, RunStatus } from '../api/runs.js';
import { LiveLogBatcher, StepLogSink } from './log-sink.js';

const STATUS: Record<ArgoPhase, RunStatus> = { Pending: 'PENDING', Running: 'STARTED', Succeeded: 'SUCCESS', Failed: 'FAILURE', Error: 'FAILURE', Skipped: 'ABORTED', Omitted: 'ABORTED' };

/** Copy the Workflow's step phases into the run's steps; true when something changed. */
export function applyWorkflowState(state: RunState, wf: ArgoWorkflowState, now = Date.now()): boolean {
  let changed = false;
  for (const followed of wf.steps) {
    const step = state.steps.find((s) => s.uuid === followed.uuid);
    if (!step) continue;
    const status = followed.phase ? STATUS[followed.phase] : 'PENDING';
    if (status === step.status && (followed.message ?? step.message) === step.message) continue;
    changed = true;
    if (status !== 'PENDING' && step.startedAt === undefined && status !== 'ABORTED') step.startedAt = now;
    if ((status === 'SUCCESS' || status === 'FAILURE' || status === 'ABORTED') && step.endedAt === undefined) step.endedAt = now;
    step.status = status;
    if (followed.message) step.message = followed.message;
  }
  return changed;
}

/** The step pods' logs, into the steps' log files and live chunks (opened on a step's first text). */
export class ClusterLogs {
  private readonly sinks = new Map<string, Promise<StepLogSink | null>>();
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly state: RunState,
    private readonly secrets: readonly string[],
    private readonly emit: (chunk: LogChunk) => void,
  ) {}

  private sink(stepId: string): Promise<StepLogSink | null> {
    let made = this.sinks.get(stepId);
    if (!made) {
      const step = this.state.steps.find((s) => s.uuid === stepId);
      const live = new LiveLogBatcher(({ offset, text }) => this.emit({ runId: this.state.id, pipeline: this.state.pipeline, stepId, offset, text }));
      made = step ? StepLogSink.open(step.logPath, live, this.secrets).catch(() => null) : Promise.resolve(null);
      this.sinks.set(stepId, made);
    }
    return made;
  }

  /** Every step's log starts empty, as when a local step starts (no text of an earlier run left). */
  openAll(): void {
    for (const s of this.state.steps) void this.sink(s.uuid);
  }

  write(stepId: string, text: string): void {
    const before = this.writes.get(stepId) ?? Promise.resolve();
    this.writes.set(
      stepId,
      before.then(async () => {
        await (await this.sink(stepId))?.write('stdout', Buffer.from(text));
      }).catch(() => undefined),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.writes.values());
    await Promise.all([...this.sinks.values()].map(async (s) => (await s)?.close().catch(() => undefined)));
  }
}
