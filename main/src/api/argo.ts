import * as z from 'zod';

/**
 * Export a pipeline as an Argo Workflows manifest and submit it to a Kubernetes cluster.
 * See main/src/argo/README.md for what the manifest holds.
 */

/** A Kubernetes object name (DNS-1123 subdomain, as for a PVC, a Secret or a namespace). */
export const kubeNameSchema = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'Use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (a Kubernetes name).');

/** `<pipeline>.parameters.json`: "pipeline_parameters" or a step uuid → parameter name → the values to sweep. */
export const parameterGridSchema = z.record(z.string(), z.record(z.string(), z.array(z.unknown()).min(1, 'Give at least one value to sweep.')));
export type ParameterGrid = z.infer<typeof parameterGridSchema>;

export const argoExportRequestSchema = z.object({
  /** Pipeline definition path relative to the project root (PipelineSummary.path). */
  pipeline: z.string().min(1).max(4096),
  /** Registry (and path) the cluster pulls from, e.g. "registry.example.org/team"; absent: the local image names. */
  registry: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][A-Za-z0-9.:_/-]*$/, 'Give a registry like registry.example.org/team or 127.0.0.1:5000, without https://.')
    .transform((r) => r.replace(/\/+$/, ''))
    .optional(),
  /** The persistent volume claim holding projects/<project>/ and data/ (as Orchest's userdir). */
  pvc: kubeNameSchema.default('orchest-userdir'),
  namespace: kubeNameSchema.optional(),
  /** The Kubernetes Secret holding the secret variables (default: derived from the pipeline's name). */
  secret: kubeNameSchema.optional(),
  /** Retries of a failed step (Argo retryStrategy, OnFailure). */
  retries: z.number().int().min(0).max(20).default(0),
  /** A cron schedule (5 fields, e.g. "0 3 * * *"): a CronWorkflow instead of a Workflow. */
  cron: z.string().min(1).max(200).optional(),
  /** A parameter grid: one Workflow (or CronWorkflow) per combination of values. */
  grid: parameterGridSchema.optional(),
  /** Read the grid from this project file instead (e.g. the pipeline's .parameters.json). */
  gridFile: z.string().min(1).max(4096).optional(),
});
export type ArgoExportRequest = z.input<typeof argoExportRequestSchema>;
export type ParsedArgoExportRequest = z.output<typeof argoExportRequestSchema>;

export const argoImageSchema = z.object({
  /** The image as runs use it on this machine (after image_aliases / the environment's tag). */
  local: z.string(),
  /** The name in the manifest (rewritten to the registry). */
  remote: z.string(),
  /** Titles of the steps that use it. */
  steps: z.array(z.string()),
  /** It must be pushed to the registry for the cluster to pull it (false: already a registry's image, or no registry given). */
  push: z.boolean(),
  /** Whether this machine's Docker has the local image (null: Docker not reachable). */
  present: z.boolean().nullable(),
});
export type ArgoImage = z.infer<typeof argoImageSchema>;

export const argoExportResultSchema = z.object({
  /** The manifest(s) as YAML, documents separated by "---". */
  yaml: z.string(),
  kind: z.enum(['Workflow', 'CronWorkflow']),
  /** How many documents (one per run of a parameter grid). */
  documents: z.number().int(),
  images: z.array(argoImageSchema),
  /** The Secret the secret variables are read from, and the keys it must hold (none: no secrets). */
  secret: z.object({ name: z.string(), keys: z.array(z.string()) }).nullable(),
  /** Where the project must be on the volume claim (subPath), e.g. "projects/my-project". */
  projectSubPath: z.string(),
  pvc: z.string(),
  /** Things to know before submitting (unbuilt environments, no registry, …). */
  notes: z.array(z.string()),
});
export type ArgoExportResult = z.infer<typeof argoExportResultSchema>;

export const argoPushRequestSchema = argoExportRequestSchema.pick({ pipeline: true }).extend({ registry: argoExportRequestSchema.shape.registry.unwrap() });

export const argoPushResultSchema = z.object({ pushed: z.array(z.object({ local: z.string(), remote: z.string() })) });

/** Progress of a push, one line at a time. */
export const argoPushEventSchema = z.object({ image: z.string(), text: z.string() });

export const argoSubmitRequestSchema = argoExportRequestSchema.omit({ cron: true }).extend({
  /** Path of a kubeconfig file on this machine. */
  kubeconfig: z.string().min(1).max(4096),
  /** The kubeconfig context (default: its current-context). */
  context: z.string().min(1).max(253).optional(),
});
export type ArgoSubmitRequest = z.input<typeof argoSubmitRequestSchema>;

export const argoPhaseSchema = z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Error', 'Skipped', 'Omitted']);
export type ArgoPhase = z.infer<typeof argoPhaseSchema>;

export const argoStepStateSchema = z.object({
  uuid: z.string(),
  title: z.string(),
  /** Absent: not started yet. */
  phase: argoPhaseSchema.optional(),
  message: z.string().optional(),
  pod: z.string().optional(),
});

/** A submitted Workflow as followed from the cluster. */
export const argoWorkflowStateSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  pipeline: z.string(),
  /** Absent until the controller picked it up. */
  phase: argoPhaseSchema.optional(),
  message: z.string().optional(),
  /** Following stopped (finished, or the cluster could not be read: `message` says why). */
  done: z.boolean(),
  steps: z.array(argoStepStateSchema),
});
export type ArgoWorkflowState = z.infer<typeof argoWorkflowStateSchema>;

export const argoSubmitResultSchema = z.object({ workflows: z.array(argoWorkflowStateSchema), server: z.string() });

export const argoLogEventSchema = z.object({ name: z.string(), namespace: z.string(), stepId: z.string(), text: z.string() });
export type ArgoLogEvent = z.infer<typeof argoLogEventSchema>;
