/**
 * The Argo Workflows manifest of a pipeline (pure): one Workflow (or CronWorkflow) per run, each a
 * DAG with one task per step, its dependencies the step's incoming connections. See README.md.
 */
import path from 'node:path';
import type { Pipeline } from '../api/pipeline.js';
import type { StepLimits } from '../common/step-limits.js';
import { stepEnvironment } from '../runs/step-env.js';
import { DAG_TEMPLATE, kubeSlug, RUNTIME_TASK, taskNames } from './kube-names.js';
import { withRunParameters, type GridRun } from './parameter-grid.js';

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

/** Where things are in a step's pod: as in a local run's container, plus this run's own folder. */
export const POD_PATHS = {
  project: '/project-dir',
  data: '/data',
  /** This run's folder on the volume: the SDK, the runner, the definition with the run's parameters, step outputs. */
  run: '/orchest',
  sdk: '/orchest/sdk',
  runner: '/orchest/runner',
  pipelineFile: '/orchest/pipeline.json',
  outputs: '/orchest/data',
} as const;

export const VOLUME_NAME = 'userdir';
/** Folders on the volume claim, as Orchest's userdir: projects/<project>, data, and one folder per run. */
export const runSubPath = 'orchest-runs/{{workflow.name}}';
export const projectSubPath = (projectFolder: string) => `projects/${projectFolder}`;
export const DATA_SUB_PATH = 'data';

/** Labels and annotations naming what a workflow runs. */
export const LABELS = { pipeline: 'orchest.io/pipeline-uuid', run: 'orchest.io/grid-run' } as const;
export const ANNOTATIONS = { pipeline: 'orchest.io/pipeline', stepUuid: 'orchest.io/step-uuid', stepTitle: 'orchest.io/step-title', parameters: 'orchest.io/parameters' } as const;

export interface ManifestStep {
  uuid: string;
  title: string;
  /** As in the pipeline file: relative to the pipeline's folder. */
  filePath: string;
  parents: string[];
  /** The image the cluster pulls. */
  image: string;
  gpu: boolean;
  /** The language of its environment, else its kernel.name (ORCHEST_STEP_KERNEL). */
  kernel: string;
  limits: StepLimits;
}

export interface ManifestVariable {
  name: string;
  /** Absent for a secret: it comes from the Kubernetes Secret. */
  value?: string;
  secret: boolean;
}

export interface ManifestInput {
  pipeline: Pipeline;
  /** The definition file and the pipeline's folder, relative to the project root, '/'-separated. */
  pipelinePath: string;
  pipelineDir: string;
  projectUuid: string;
  /** The project's folder under projects/ on the volume claim. */
  projectFolder: string;
  steps: ManifestStep[];
  variables: ManifestVariable[];
  secretName: string;
  pvc: string;
  namespace?: string | undefined;
  retries: number;
  /** Files of the SDK and the step runner: path under the run's folder (e.g. "sdk/orchest/__init__.py") → content. */
  runtimeFiles: Record<string, string>;
  /** Image of the task that puts them on the volume (any image with sh and cp: a step's). */
  runtimeImage: string;
  cron?: string | undefined;
  /** One document per run; absent or empty: one run with the pipeline's own parameters. */
  runs?: GridRun[] | undefined;
}

export type Manifest = Record<string, unknown>;
type EnvVar = { name: string; value: string } | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } };

/** Millicores and binary sizes: what `kubectl` shows, and exact. */
export function cpuQuantity(nanoCpus: number): string {
  return `${Math.max(1, Math.round(nanoCpus / 1e6))}m`;
}

export function memoryQuantity(bytes: number): string {
  for (const [unit, size] of [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) if (bytes % size === 0) return `${bytes / size}${unit}`;
  return String(bytes);
}

function resources(step: ManifestStep): Manifest | undefined {
  const limits: Record<string, string> = {};
  if (step.limits.nanoCpus !== undefined) limits.cpu = cpuQuantity(step.limits.nanoCpus);
  if (step.limits.memoryBytes !== undefined) limits.memory = memoryQuantity(step.limits.memoryBytes);
  // Kubernetes schedules GPUs through the device plugin's resource; a request equals its limit.
  if (step.gpu) limits['nvidia.com/gpu'] = '1';
  return Object.keys(limits).length ? { limits } : undefined;
}

function stepEnv(input: ManifestInput, step: ManifestStep): EnvVar[] {
  const plain = Object.fromEntries(input.variables.filter((v) => !v.secret).map((v) => [v.name, v.value ?? '']));
  const ours = {
    ...stepEnvironment({
      stepUuid: step.uuid,
      pipelineUuid: input.pipeline.uuid,
      projectUuid: input.projectUuid,
      runId: '{{workflow.uid}}',
      projectDir: POD_PATHS.project,
      pipelinePath: POD_PATHS.pipelineFile,
      pipelineDataDir: POD_PATHS.outputs,
      kernel: step.kernel,
      variables: plain,
    }),
    PYTHONPATH: [POD_PATHS.sdk, plain.PYTHONPATH].filter(Boolean).join(':'),
    HOME: plain.HOME || '/tmp',
  };
  const env: EnvVar[] = Object.entries(ours).map(([name, value]) => ({ name, value }));
  // Secrets by reference only: their values never enter the manifest.
  for (const v of input.variables) if (v.secret && !Object.hasOwn(ours, v.name)) env.push({ name: v.name, valueFrom: { secretKeyRef: { name: input.secretName, key: v.name } } });
  return env;
}

const mounts = (input: ManifestInput) => [
  { name: VOLUME_NAME, mountPath: POD_PATHS.project, subPath: projectSubPath(input.projectFolder) },
  { name: VOLUME_NAME, mountPath: POD_PATHS.data, subPath: DATA_SUB_PATH },
  { name: VOLUME_NAME, mountPath: POD_PATHS.run, subPath: runSubPath },
];

function stepTemplate(input: ManifestInput, step: ManifestStep, name: string): Manifest {
  const res = resources(step);
  return {
    name,
    metadata: { annotations: { [ANNOTATIONS.stepUuid]: step.uuid, [ANNOTATIONS.stepTitle]: step.title } },
    ...(input.retries > 0 ? { retryStrategy: { limit: String(input.retries), retryPolicy: 'OnFailure' } } : {}),
    container: {
      name: 'main',
      image: step.image,
      // Always through the runner: it removes the step's previous output and dispatches on the file type.
      command: ['python3', path.posix.join(POD_PATHS.runner, 'run_step.py'), step.filePath.startsWith('-') ? `./${step.filePath}` : step.filePath],
      workingDir: path.posix.join(POD_PATHS.project, input.pipelineDir),
      env: stepEnv(input, step),
      ...(res ? { resources: res } : {}),
      volumeMounts: mounts(input),
    },
  };
}

const artifactName = (file: string) => `f-${file.replace(/[^A-Za-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, '');

/**
 * Puts the SDK, the runner and this run's definition in the run's folder on the volume: every step
 * reads them there (raw artifacts need no artifact repository; one copy per workflow, not per step).
 */
function runtimeTemplate(input: ManifestInput, definition: Pipeline): Manifest {
  const files = { ...input.runtimeFiles, 'pipeline.json': `${JSON.stringify(definition, null, 2)}\n` };
  const staged = '/tmp/orchest-runtime';
  return {
    name: RUNTIME_TASK,
    inputs: { artifacts: Object.entries(files).map(([file, data]) => ({ name: artifactName(file), path: path.posix.join(staged, file), raw: { data } })) },
    container: {
      name: 'main',
      image: input.runtimeImage,
      command: ['sh', '-c', `cp -R ${staged}/. ${POD_PATHS.run}/ && mkdir -p ${POD_PATHS.outputs}`],
      volumeMounts: [{ name: VOLUME_NAME, mountPath: POD_PATHS.run, subPath: runSubPath }],
    },
  };
}

function workflowSpec(input: ManifestInput, run: GridRun | undefined): Manifest {
  const names = taskNames(input.steps);
  const parallelism = input.pipeline.settings.max_steps_parallelism;
  const tasks = [
    { name: RUNTIME_TASK, template: RUNTIME_TASK },
    ...input.steps.map((step) => {
      const parents = step.parents.map((p) => names.get(p)).filter((n): n is string => n !== undefined);
      return { name: names.get(step.uuid)!, template: names.get(step.uuid)!, dependencies: parents.length ? parents : [RUNTIME_TASK] };
    }),
  ];
  return {
    entrypoint: DAG_TEMPLATE,
    ...(parallelism ? { parallelism } : {}),
    volumes: [{ name: VOLUME_NAME, persistentVolumeClaim: { claimName: input.pvc } }],
    templates: [
      // failFast off: as locally, a failed step stops its descendants only, independent branches go on.
      { name: DAG_TEMPLATE, dag: { failFast: false, tasks } },
      runtimeTemplate(input, withRunParameters(input.pipeline, run)),
      ...input.steps.map((step) => stepTemplate(input, step, names.get(step.uuid)!)),
    ],
  };
}

/** The manifests, one per run of the grid (one without a grid); plain JSON-able objects. */
export function buildManifests(input: ManifestInput): Manifest[] {
  const runs: Array<GridRun | undefined> = input.runs?.length ? input.runs : [undefined];
  const base = kubeSlug(input.pipeline.name, 40) || 'pipeline';
  return runs.map((run, i) => {
    const suffix = runs.length > 1 ? `-run-${i + 1}` : '';
    const metadata = {
      ...(input.namespace ? { namespace: input.namespace } : {}),
      labels: { [LABELS.pipeline]: kubeSlug(input.pipeline.uuid) || 'pipeline', ...(run ? { [LABELS.run]: String(i + 1) } : {}) },
      annotations: { [ANNOTATIONS.pipeline]: input.pipelinePath, ...(run ? { [ANNOTATIONS.parameters]: run.label } : {}) },
    };
    const spec = workflowSpec(input, run);
    if (input.cron) {
      return { apiVersion: ARGO_API_VERSION, kind: 'CronWorkflow', metadata: { name: `${base}${suffix}`, ...metadata }, spec: { schedules: [input.cron], concurrencyPolicy: 'Forbid', workflowSpec: spec } };
    }
    return { apiVersion: ARGO_API_VERSION, kind: 'Workflow', metadata: { generateName: `${base}${suffix}-`, ...metadata }, spec };
  });
}
