import type Docker from 'dockerode';
import type { Pipeline, PipelineDocument } from '../api/pipeline.js';
import type { RemoteVolumes } from '../docker/containers.js';
import type { PipelineArtefacts } from './artefacts.js';
import type { Owner } from './ownership.js';
import type { StepLogSink } from './log-sink.js';
import type { PreparedStep, StepImage } from './preflight.js';
import type { StepResources } from './resources.js';
import type { StepOutcome } from './scheduler.js';

/** What every step of one run shares. */
export interface RunContext {
  runId: string;
  root: string;
  doc: PipelineDocument;
  pipeline: Pipeline;
  artefacts: PipelineArtefacts;
  projectUuid: string;
  owner: Owner | undefined;
  resources: StepResources;
  /** The user's environment variables for every step (project < pipeline < run); see step-env.ts. */
  variables: Record<string, string>;
}

export interface DockerRunContext extends RunContext {
  docker: Docker;
  /** Removals of finished containers: the next step need not wait for them, the end of the run does. */
  cleanup: PendingWork;
  images: Map<string, StepImage>;
  /** Host folder mounted at /data in every step. */
  sharedDataDir: string;
  /** On a remote engine: the volumes steps mount instead of this machine's folders. */
  volumes?: RemoteVolumes;
  /** On a remote engine: settles with the reason when the connection is lost (steps then end at once). */
  lost?: Promise<string>;
}

export interface StepJob {
  step: PreparedStep;
  sink: StepLogSink;
  signal: AbortSignal;
  /** The step's process has ended (its outcome is still being read): another step may take its place. */
  release: () => void;
  /** 1, or the retry's number: a retry's container must not take the name of the one still being removed. */
  attempt?: number;
}

/** Runs one step to its end; resolves with its outcome (throws only on a bug). */
export interface StepExecutor {
  (job: StepJob): Promise<StepOutcome>;
  /** The step runs now, or likely soon (scheduler.ts `prepare`): get ready for it, e.g. create its container. */
  prepare?(step: PreparedStep, now: boolean): void;
  /** The run's schedule has ended: undo what `prepare` did for steps that never ran. */
  dispose?(): Promise<void>;
}

/** Promises a run waits for before it ends, though its steps did not (they never reject). */
export class PendingWork {
  private readonly pending = new Set<Promise<void>>();

  add(work: Promise<void>): void {
    this.pending.add(work);
    const done = () => void this.pending.delete(work);
    work.then(done, done);
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
