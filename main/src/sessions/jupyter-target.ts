import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Config } from '../api/config.js';
import type { Pipeline } from '../api/pipeline.js';
import type { JupyterOpenRequest } from '../api/sessions.js';
import { CoreError } from '../core/core-error.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ProjectService } from '../project/project-service.js';
import { resolveStepImages, type PreparedStep } from '../runs/preflight.js';

/** What a Jupyter server is started for: the notebook to open and the image it runs in. */
export interface JupyterTarget {
  /** Project-relative notebook ('' = none). */
  path: string;
  image: string;
  gpu: boolean;
  environment?: string;
}

export interface TargetDeps {
  docker: Docker;
  config: Config;
  project: ProjectService;
  environments: EnvironmentService;
}

const prepared = (pipeline: Pipeline, uuid: string): PreparedStep => ({
  uuid,
  title: pipeline.steps[uuid]?.title ?? '',
  parents: [],
  filePath: pipeline.steps[uuid]?.file_path ?? '',
  kernel: '',
  limits: {}, // only the image matters here; a server hosting kernels takes no step's limits
});

/** One step's image exactly as a run resolves it (environment built first when needed). */
async function stepImage(deps: TargetDeps, pipeline: Pipeline, uuid: string) {
  const images = await resolveStepImages(deps.docker, deps.config, deps.environments, pipeline, [prepared(pipeline, uuid)], undefined);
  return images.get(uuid)!;
}

/** A stand-in pipeline of one step in `environment` (or none: the default image), for the same rules. */
function oneStep(environment: string | undefined): Pipeline {
  const step = { uuid: 'jupyter', title: 'Jupyter', file_path: '', incoming_connections: [], parameters: {}, meta_data: {}, ...(environment ? { environment } : {}) };
  return { name: 'jupyter', uuid: 'jupyter', settings: {}, parameters: {}, steps: { jupyter: step } };
}

function normalizeRel(rel: string): string {
  return path.posix.normalize(rel.replace(/\\/g, '/')).replace(/^\.\/+/, '').replace(/\/+$/, '');
}

/** The steps (pipeline path + uuid) whose file is `rel`. */
async function stepsUsing(project: ProjectService, rel: string): Promise<Array<{ pipeline: Pipeline; uuid: string }>> {
  const found: Array<{ pipeline: Pipeline; uuid: string }> = [];
  for (const summary of project.state()?.pipelines ?? []) {
    const doc = await project.readPipeline(summary.path).catch(() => null);
    if (!doc?.pipeline) continue;
    for (const step of Object.values(doc.pipeline.steps)) {
      if (step.file_path && normalizeRel(path.posix.join(doc.dir, step.file_path)) === rel) found.push({ pipeline: doc.pipeline, uuid: step.uuid });
    }
  }
  return found;
}

async function checkFile(project: ProjectService, rel: string): Promise<void> {
  let abs: string;
  try {
    abs = project.resolve(rel);
  } catch {
    throw new CoreError('INVALID_ARGUMENT', `"${rel}" is outside the project folder.`);
  }
  const st = await fs.stat(abs).catch(() => null);
  if (!st?.isFile()) throw new CoreError('NOT_FOUND', `The file "${rel}" does not exist (looked for ${abs}).`);
}

/**
 * A step: its notebook and image. An environment: its image. A file: the image of the first step
 * using it, else the project's default environment, else config.default_image.
 */
export async function resolveJupyterTarget(deps: TargetDeps, req: JupyterOpenRequest): Promise<JupyterTarget> {
  const { project, environments } = deps;
  if (req.stepId) {
    const doc = await project.readPipeline(req.pipeline!);
    const pipeline = doc.pipeline;
    if (!pipeline) throw new CoreError('INVALID_FILE', `Pipeline "${req.pipeline}" could not be read: fix it first.`);
    const step = pipeline.steps[req.stepId];
    if (!step) throw new CoreError('NOT_FOUND', `Pipeline "${req.pipeline}" has no step ${req.stepId}.`);
    if (req.path) project.resolve(req.path); // the client's path, before normalising: '..', absolute, '\\' refused as everywhere
    const rel = req.path ? normalizeRel(req.path) : normalizeRel(path.posix.join(doc.dir, step.file_path));
    await checkFile(project, rel);
    const { image, gpu } = await stepImage(deps, req.environment ? oneStep(req.environment) : pipeline, req.environment ? 'jupyter' : req.stepId);
    const environment = req.environment ?? step.environment?.trim();
    return { path: rel, image, gpu, ...(environment ? { environment } : {}) };
  }
  if (req.path) project.resolve(req.path);
  const rel = req.path ? normalizeRel(req.path) : '';
  if (rel) await checkFile(project, rel);
  if (!req.environment && rel) {
    const [first] = await stepsUsing(project, rel);
    if (first) {
      const { image, gpu } = await stepImage(deps, first.pipeline, first.uuid);
      const environment = first.pipeline.steps[first.uuid]?.environment?.trim();
      return { path: rel, image, gpu, ...(environment ? { environment } : {}) };
    }
  }
  const environment = req.environment ?? (await environments.list()).find((e) => e.isDefault)?.uuid;
  const { image, gpu } = await stepImage(deps, oneStep(environment), 'jupyter');
  return { path: rel, image, gpu, ...(environment ? { environment } : {}) };
}
