import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import type { Config } from '../api/config.js';
import { extensionOf, isStepFile, STEP_FILE_EXTENSIONS } from '../common/step-file-types.js';
import type { Pipeline, PipelineDocument, Problem } from '../api/pipeline.js';
import { stepLimits, type StepLimits } from '../common/step-limits.js';
import { CoreError } from '../core/core-error.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ProjectService } from '../project/project-service.js';
import { imageEntrypoint } from '../docker/containers.js';
import { missingImageAdvice } from '../setup/cli-commands.js';
import type { PlannedStep } from './plan.js';


export interface PreparedStep extends PlannedStep {
  /** As in the pipeline file: relative to the pipeline's folder. */
  filePath: string;
  /** The step's kernel.name ('' when none): picks a notebook's kernel. */
  kernel: string;
  /** CPU and memory limits of its container (none: as much as the machine has). */
  limits: StepLimits;
}

export interface StepImage {
  image: string;
  gpu: boolean;
  /** The language of the step's environment, when it has one: it picks a notebook's kernel, as in Orchest. */
  language?: string;
  /** The image's own entrypoint ([] for none): a container readied ahead runs it once its gate opens (docker/readied-container.ts). */
  entrypoint?: string[];
}

const describeStep = (pipeline: Pipeline, id: string) => `Step "${pipeline.steps[id]?.title || id}" (${id})`;

function describeProblem(p: Problem): string {
  const where = [p.stepId && `step ${p.stepId}`, p.field, p.line !== undefined && `line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}`]
    .filter(Boolean)
    .join(', ');
  return where ? `${p.message} (${where})` : p.message;
}

/** The pipeline as a run needs it: parsed and free of errors. */
export function runnablePipeline(doc: PipelineDocument): Pipeline {
  const errors = doc.problems.filter((p) => p.severity === 'error');
  if (!doc.pipeline || errors.length) {
    const list = errors.length ? errors.map(describeProblem).join('; ') : 'it could not be read';
    throw new CoreError('INVALID_ARGUMENT', `Pipeline "${doc.path}" has errors, so it cannot run: ${list}.`, { problems: errors });
  }
  return doc.pipeline;
}

/** Every planned step has a file of a type we can run, inside the project. All problems at once. */
/** Where a run reads its pipeline and files: the open project, or a job run's own copy of it. */
export type RunTarget = Pick<ProjectService, 'root' | 'resolve' | 'readPipeline'>;

export async function checkStepFiles(project: RunTarget, doc: PipelineDocument, pipeline: Pipeline, planned: PlannedStep[]): Promise<PreparedStep[]> {
  const problems: Array<{ stepId: string; message: string }> = [];
  const prepared: PreparedStep[] = [];
  for (const step of planned) {
    const def = pipeline.steps[step.uuid]!;
    const who = describeStep(pipeline, step.uuid);
    const file = def.file_path.trim();
    const fail = (message: string) => problems.push({ stepId: step.uuid, message });
    if (!file) {
      fail(`${who} has no file.`);
      continue;
    }
    if (!isStepFile(file)) {
      fail(`${who}: "${file}" is not a file type a step can run (${extensionOf(file) || 'no extension'}; supported: ${STEP_FILE_EXTENSIONS.join(', ')}).`);
      continue;
    }
    let abs: string;
    try {
      abs = project.resolve(path.posix.join(doc.dir, file));
    } catch {
      fail(`${who}: "${file}" is outside the project folder.`);
      continue;
    }
    const st = await fs.stat(abs).catch(() => null);
    if (!st?.isFile()) {
      fail(`${who}: the file "${file}" does not exist (looked for ${abs}).`);
      continue;
    }
    prepared.push({ ...step, filePath: file, kernel: def.kernel?.name ?? '', limits: stepLimits(def.resources) });
  }
  if (problems.length) {
    throw new CoreError('INVALID_ARGUMENT', problems.map((p) => p.message).join(' '), { problems });
  }
  return prepared;
}

/**
 * The image of every step: run-wide override > the step's environment (built if needed) > the
 * step's own `image` > config.default_image. Plain image names go through config.image_aliases;
 * environment tags are ours and do not. Every image must exist in Docker (IMAGE_MISSING otherwise,
 * naming the image and the steps that need it).
 */
export async function resolveStepImages(
  docker: Docker,
  config: Config,
  environments: EnvironmentService,
  pipeline: Pipeline,
  steps: readonly PreparedStep[],
  override: string | undefined,
  /** The run's engine cannot see this machine's: environments are built there. */
  remote = false,
): Promise<Map<string, StepImage>> {
  const alias = (name: string) => config.image_aliases[name] ?? name;
  const result = new Map<string, StepImage>();
  const envOf = (id: string) => (override ? '' : (pipeline.steps[id]?.environment ?? '').trim());
  const envUuids = [...new Set(steps.map((s) => envOf(s.uuid)).filter(Boolean))];
  const envTags = envUuids.length ? await environments.ensureBuilt(envUuids, remote ? docker : undefined) : {};
  const described = new Map<string, { gpu: boolean; language: string }>();
  for (const uuid of envUuids) {
    const env = await environments.describe(uuid);
    described.set(uuid, { gpu: env.gpu_support, language: env.language });
  }

  for (const s of steps) {
    const env = envOf(s.uuid);
    const ownImage = (pipeline.steps[s.uuid]?.image ?? '').trim();
    if (override) result.set(s.uuid, { image: alias(override), gpu: false });
    else if (env) {
      const tag = envTags[env];
      if (!tag) throw new CoreError('IMAGE_MISSING', `${describeStep(pipeline, s.uuid)} uses environment ${env}, which has no image.`);
      const { gpu = false, language } = described.get(env) ?? {};
      result.set(s.uuid, { image: tag, gpu, ...(language ? { language } : {}) });
    } else result.set(s.uuid, { image: alias(ownImage || config.default_image), gpu: false });
  }

  const stepsByImage = new Map<string, string[]>();
  for (const [id, { image }] of result) stepsByImage.set(image, [...(stepsByImage.get(image) ?? []), id]);
  const missing: Array<{ image: string; steps: string[] }> = [];
  const entrypoints = new Map<string, string[]>();
  for (const [image, ids] of stepsByImage) {
    const entrypoint = await imageEntrypoint(docker, image);
    if (entrypoint) entrypoints.set(image, entrypoint);
    else missing.push({ image, steps: ids });
  }
  if (missing.length) {
    const parts = missing.map(({ image, steps: ids }) => `"${image}" (needed by ${ids.map((id) => `"${pipeline.steps[id]?.title || id}"`).join(', ')})`);
    throw new CoreError(
      'IMAGE_MISSING',
      `Docker has no image ${parts.join(' and no image ')}. ${missingImageAdvice(missing.map((m) => m.image), alias(config.default_image))}`,
      { missing },
    );
  }
  for (const stepImage of result.values()) stepImage.entrypoint = entrypoints.get(stepImage.image)!;
  return result;
}
