import type Docker from 'dockerode';
import type { Pipeline, PipelineDocument } from '../api/pipeline.js';
import type { PipelineArtefacts } from './artefacts.js';
import type { Owner } from './identity.js';
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
}

export interface DockerRunContext extends RunContext {
  docker: Docker;
  images: Map<string, StepImage>;
  /** Host folder mounted at /data in every step. */
  sharedDataDir: string;
}

export interface StepJob {
  step: PreparedStep;
  sink: StepLogSink;
  signal: AbortSignal;
}

/** Runs one step to its end; resolves with its outcome (throws only on a bug). */
export type StepExecutor = (job: StepJob) => Promise<StepOutcome>;
