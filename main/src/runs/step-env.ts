/** The ORCHEST_* environment of a step; the SDK (resources/sdk/orchest/_context.py) reads it. */
export interface StepEnvInput {
  stepUuid: string;
  pipelineUuid: string;
  projectUuid: string;
  runId: string;
  /** Paths as the step sees them (in the container, or on the host for the local runner). */
  projectDir: string;
  pipelinePath: string;
  pipelineDataDir: string;
  kernel: string;
  /** Notebook steps: where the runner keeps the executed notebook (as the step sees the path). */
  executedNotebook?: string | null;
  /** The user's variables (project, pipeline, run): under ours, which they cannot name anyway. */
  variables: Record<string, string>;
}

export function stepEnvironment(i: StepEnvInput): Record<string, string> {
  return {
    ...i.variables,
    ORCHEST_STEP_UUID: i.stepUuid,
    ORCHEST_PIPELINE_UUID: i.pipelineUuid,
    ORCHEST_PIPELINE_PATH: i.pipelinePath,
    ORCHEST_PROJECT_UUID: i.projectUuid,
    ORCHEST_PROJECT_DIR: i.projectDir,
    ORCHEST_PIPELINE_DATA_DIR: i.pipelineDataDir,
    ORCHEST_RUN_UUID: i.runId,
    ORCHEST_STEP_KERNEL: i.kernel,
    PYTHONUNBUFFERED: '1',
    ...(i.executedNotebook ? { ORCHEST_EXECUTED_NOTEBOOK: i.executedNotebook } : {}),
  };
}
