/**
 * What `argo.export` answers: the pipeline, its images, variables and grid read from the open
 * project, turned into manifests by the pure builder (workflow-manifest.ts) and written as YAML.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { stringify } from 'yaml';
import * as z from 'zod';
import { parameterGridSchema, type ArgoExportResult, type ArgoImage, type ParsedArgoExportRequest } from '../api/argo.js';
import type { EnvironmentInfo } from '../api/environments.js';
import type { Pipeline } from '../api/pipeline.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ProjectService } from '../project/project-service.js';
import { projectUuid } from '../project/project-id.js';
import { planRun } from '../runs/plan.js';
import { checkStepFiles, runnablePipeline } from '../runs/preflight.js';
import type { StepResources } from '../runs/resources.js';
import type { VariableService } from '../variables/variable-service.js';
import { cronProblem } from './cron-schedule.js';
import { remoteImageName } from './image-names.js';
import { kubeSlug, projectFolderName, taskNames } from './kube-names.js';
import { expandGrid, gridProblem } from './parameter-grid.js';
import { readRuntimeFiles } from './runtime-files.js';
import { buildManifests, projectSubPath, type Manifest, type ManifestStep, type ManifestVariable } from './workflow-manifest.js';
import type { FollowedStep } from './workflow-status.js';

export interface ExportDeps {
  config: ConfigService;
  project: ProjectService;
  environments: EnvironmentService;
  variables?: VariableService | undefined;
  resources: () => StepResources;
  /** Whether this machine's Docker has each image (null: Docker not reachable). */
  imagesPresent: (images: string[]) => Promise<Map<string, boolean> | null>;
}

export interface ExportOutcome {
  result: ArgoExportResult;
  manifests: Manifest[];
  /** The steps with their DAG task names, to follow a submitted workflow by. */
  steps: FollowedStep[];
}

const describeStep = (pipeline: Pipeline, id: string) => `"${pipeline.steps[id]?.title || id}"`;

/** Project and pipeline variables as a run would merge them (a name secret in either scope stays secret), without secret values. */
async function exportVariables(variables: VariableService | undefined, pipeline: string): Promise<ManifestVariable[]> {
  if (!variables) return [];
  const set = await variables.get({ pipeline }, false);
  const merged = new Map<string, ManifestVariable>();
  for (const v of [...(set.inherited ?? []), ...set.variables]) {
    const secret = v.secret || merged.get(v.name)?.secret === true;
    merged.set(v.name, secret ? { name: v.name, secret: true } : { name: v.name, value: v.value ?? '', secret: false });
  }
  return [...merged.values()];
}

async function readGrid(project: ProjectService, rel: string) {
  const abs = project.resolve(rel);
  const text = await fs.readFile(abs, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CoreError('NOT_FOUND', `Cannot read the parameter grid ${rel}: ${err.code === 'ENOENT' ? 'no such file' : err.message}.`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CoreError('INVALID_FILE', `The parameter grid ${rel} is not JSON (${(err as Error).message}).`);
  }
  const parsed = parameterGridSchema.safeParse(json);
  if (!parsed.success) throw new CoreError('INVALID_FILE', `The parameter grid ${rel} is not of the form {"pipeline_parameters": {"name": [values…]}, "<step uuid>": {…}}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export async function exportPipeline(deps: ExportDeps, req: ParsedArgoExportRequest): Promise<ExportOutcome> {
  const { config, project, environments } = deps;
  const cfg = config.get();
  const root = project.root();
  const doc = await project.readPipeline(req.pipeline);
  const pipeline = runnablePipeline(doc);
  const planned = planRun(pipeline, { kind: 'full', steps: [], inclusive: false });
  if (!planned.length) throw new CoreError('INVALID_ARGUMENT', `Pipeline "${doc.path}" has no steps: add one before exporting it.`);
  const prepared = await checkStepFiles(project, doc, pipeline, planned);
  if (req.cron) {
    const problem = cronProblem(req.cron);
    if (problem) throw new CoreError('INVALID_ARGUMENT', problem);
  }
  const grid = req.grid ?? (req.gridFile ? await readGrid(project, req.gridFile) : undefined);
  if (grid) {
    const problem = gridProblem(grid, pipeline);
    if (problem) throw new CoreError('INVALID_ARGUMENT', problem);
  }

  // Images as a run resolves them: the environment's tag, else the step's image or default_image through image_aliases.
  const envs = new Map<string, EnvironmentInfo>((await environments.list()).map((e) => [e.uuid, e]));
  const alias = (name: string) => cfg.image_aliases[name] ?? name;
  const notes: string[] = [];
  const images = new Map<string, ArgoImage>();
  const steps: ManifestStep[] = prepared.map((s) => {
    const def = pipeline.steps[s.uuid]!;
    const envUuid = (def.environment ?? '').trim();
    let local: string;
    let gpu = false;
    let language: string | undefined;
    if (envUuid) {
      const env = envs.get(envUuid);
      if (!env?.image) throw new CoreError('NOT_FOUND', `Step ${describeStep(pipeline, s.uuid)} uses environment ${envUuid}, which is not in this project's .orchest/environments/.`);
      if (env.build.status !== 'SUCCESS') notes.push(`Environment "${env.name}" is not built here yet: build it (orchest env build, or the Environments view) before pushing ${env.image}.`);
      local = env.image;
      gpu = env.gpu_support;
      language = env.language;
    } else local = alias((def.image ?? '').trim() || cfg.default_image);
    const { remote, push } = remoteImageName(local, req.registry);
    const entry = images.get(local) ?? { local, remote, steps: [], push, present: null };
    entry.steps.push(s.title || s.uuid);
    images.set(local, entry);
    return { uuid: s.uuid, title: s.title, filePath: s.filePath, parents: s.parents, image: remote, gpu, kernel: language ?? s.kernel, limits: s.limits };
  });
  const present = await deps.imagesPresent([...images.keys()]);
  for (const image of images.values()) image.present = present ? (present.get(image.local) ?? false) : null;
  if (!req.registry) notes.push('No registry given: the manifest names the local images, which the cluster must be able to pull as they are (give --registry to push them).');
  for (const image of images.values()) if (image.present === false && !notes.some((n) => n.includes(image.local))) notes.push(`Docker here has no image ${image.local}.`);

  const variables = await exportVariables(deps.variables, req.pipeline);
  const base = kubeSlug(pipeline.name, 40) || 'pipeline';
  const secretName = req.secret ?? `${base}-secrets`;
  const secretKeys = variables.filter((v) => v.secret).map((v) => v.name);
  const projectFolder = projectFolderName(path.basename(root));
  const runs = grid ? expandGrid(grid) : undefined;

  const manifests = buildManifests({
    pipeline,
    pipelinePath: doc.path,
    pipelineDir: doc.dir,
    projectUuid: projectUuid(root),
    projectFolder,
    steps,
    variables,
    secretName,
    pvc: req.pvc,
    namespace: req.namespace,
    retries: req.retries,
    runtimeFiles: await readRuntimeFiles(deps.resources()),
    runtimeImage: steps[0]!.image,
    cron: req.cron?.trim(),
    runs,
  });
  if (secretKeys.length) {
    notes.push(
      `Secret variables come from the Kubernetes Secret "${secretName}": kubectl create secret generic ${secretName}${req.namespace ? ` -n ${req.namespace}` : ''} ${secretKeys.map((k) => `--from-literal=${k}=…`).join(' ')}`,
    );
  }
  notes.push(`The project must be on the volume claim "${req.pvc}" at ${projectSubPath(projectFolder)}/ (and shared data at data/), as in Orchest's userdir.`);

  const tasks = taskNames(steps);
  return {
    manifests,
    steps: steps.map((s) => ({ uuid: s.uuid, title: s.title, task: tasks.get(s.uuid)! })),
    result: {
      yaml: manifestsYaml(manifests),
      kind: req.cron ? 'CronWorkflow' : 'Workflow',
      documents: manifests.length,
      images: [...images.values()],
      secret: secretKeys.length ? { name: secretName, keys: secretKeys } : null,
      projectSubPath: projectSubPath(projectFolder),
      pvc: req.pvc,
      notes,
    },
  };
}

/** YAML documents separated by "---"; long lines kept whole (the runner's sources are raw data). */
export function manifestsYaml(manifests: Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0 })).join('---\n');
}
