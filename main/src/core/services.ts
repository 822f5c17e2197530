/**
 * The services behind the contract, as interfaces: each lives in its own folder
 * (config/, project/, runs/, environments/) and is created by `createCore`.
 */
import type { Config, ConfigNotice } from '../api/config.js';
import type { EnvironmentInfo, EnvironmentSpec } from '../api/environments.js';
import type { Pipeline, PipelineDocument, PipelineSummary } from '../api/pipeline.js';
import type { FileTemplate, ProjectState } from '../api/project.js';
import type { LogTail, RunRequest, RunState } from '../api/runs.js';

export interface ConfigService {
  readonly path: string;
  /** Messages for the user about the config file (e.g. a corrupt file set aside). */
  readonly notices: ConfigNotice[];
  get(): Config;
  update(patch: Record<string, unknown>): Promise<Config>;
  addRecentProject(path: string): Promise<void>;
}

export interface ProjectService {
  open(path: string): Promise<ProjectState>;
  state(): ProjectState | null;
  /** Absolute root of the open project; throws CoreError NO_PROJECT when none is open. */
  root(): string;
  /** Absolute path of a project-relative path; throws INVALID_ARGUMENT if it leaves the project. */
  resolve(relPath: string): string;
  readPipeline(relPath: string): Promise<PipelineDocument>;
  savePipeline(relPath: string, pipeline: Pipeline, baseHash?: string): Promise<PipelineDocument>;
  createPipeline(folder: string, name: string): Promise<PipelineSummary>;
  createFile(relPath: string, template: FileTemplate): Promise<{ path: string }>;
  openInEditor(relPath: string): Promise<{ command: string }>;
  dispose(): Promise<void>;
}

export interface RunService {
  start(req: RunRequest): Promise<RunState>;
  cancel(runId: string): Promise<RunState>;
  get(runId: string): RunState;
  last(pipelinePath: string): Promise<RunState | null>;
  readLog(pipelinePath: string, stepId: string, tailBytes: number): Promise<LogTail>;
  dispose(): Promise<void>;
}

export interface EnvironmentService {
  list(): Promise<EnvironmentInfo[]>;
  save(env: Omit<EnvironmentSpec, 'uuid'> & { uuid?: string }): Promise<EnvironmentInfo>;
  duplicate(uuid: string): Promise<EnvironmentInfo>;
  delete(uuid: string): Promise<{ deleted: string }>;
  build(uuid: string): Promise<EnvironmentInfo>;
  cancelBuild(uuid: string): Promise<EnvironmentInfo>;
  readBuildLog(uuid: string): Promise<LogTail>;
  /** Image tag, build state and GPU flag of an environment (for runs). NOT_FOUND if unknown. */
  describe(uuid: string): Promise<EnvironmentInfo>;
  /**
   * Build every listed environment that is not built yet (used before a run); resolves to their
   * image tags by uuid, or throws a CoreError naming what is missing / failed.
   */
  ensureBuilt(uuids: string[]): Promise<Record<string, string>>;
  /** Make it the project's default environment for new steps. */
  setDefault(uuid: string): Promise<EnvironmentInfo>;
  dispose(): Promise<void>;
}
