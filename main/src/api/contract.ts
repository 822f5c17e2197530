import * as z from 'zod';
import {
  argoExportRequestSchema,
  argoExportResultSchema,
  argoLogEventSchema,
  argoPushEventSchema,
  argoPushRequestSchema,
  argoPushResultSchema,
  argoSubmitRequestSchema,
  argoSubmitResultSchema,
  argoWorkflowStateSchema,
} from './argo.js';
import { configNoticeSchema, configSchema } from './config.js';
import { engineCheckSchema, engineListSchema, engineNameSchema, engineRefSchema, engineSpecSchema, fetchedOutputsSchema } from './engines.js';
import { buildEventSchema, environmentInfoSchema, environmentSpecSchema } from './environments.js';
import { pipelineDocumentSchema, pipelineSchema, pipelineSummarySchema } from './pipeline.js';
import { fileMethods } from './files.js';
import { notebookEvents, notebookMethods } from './notebooks.js';
import { fileTemplateSchema, projectStateSchema } from './project.js';
import { jobEvents, jobMethods } from './jobs.js';
import { outputsListSchema, stepOutputsSchema, thumbnailRequestSchema, thumbnailResultSchema } from './outputs.js';
import { logChunkSchema, logTailSchema, runRequestSchema, runStateSchema } from './runs.js';
import { serviceInfoSchema, serviceLogChunkSchema, servicesListSchema, servicesReadLogSchema, servicesStartSchema, servicesStopSchema } from './services.js';
import { jupyterOpenResultSchema, jupyterOpenSchema, jupyterServerSchema } from './sessions.js';
import { engineStatusSchema, setupEventSchema, setupStateSchema } from './setup.js';
import { variableListSchema, variableScopeSchema, variableSetSchema } from './variables.js';

/** A relative, '/'-separated path inside the open project. Handlers also check it stays inside. */
const relPath = z.string().min(1).max(4096);
const none = z.object({}).strict();

/**
 * The one contract both transports serve: method name -> argument and result schemas.
 * Arguments are validated at the transport boundary; handlers see the parsed output types.
 */
export const methods = {
  'app.info': {
    args: none,
    result: z.object({
      version: z.string(),
      mode: z.enum(['electron', 'web', 'test']),
      configPath: z.string(),
      notices: z.array(configNoticeSchema),
      /** True in Electron: "Open Folder" shows a native dialog; the browser shows a path field. */
      canPickFolder: z.boolean(),
    }),
  },
  'config.get': { args: none, result: configSchema },
  'config.update': { args: z.object({ patch: z.record(z.string(), z.unknown()) }), result: configSchema },

  'project.open': { args: z.object({ path: z.string().min(1).max(4096) }), result: projectStateSchema },
  /** Native folder dialog (Electron only), then open it; null when the user cancelled. */
  'project.pickAndOpen': { args: none, result: projectStateSchema.nullable() },
  'project.get': { args: none, result: projectStateSchema.nullable() },

  'pipeline.read': { args: z.object({ path: relPath }), result: pipelineDocumentSchema },
  'pipeline.save': {
    args: z.object({
      path: relPath,
      pipeline: pipelineSchema,
      /** Hash from the last read/save; a different file on disk answers CONFLICT. Omit to force. */
      baseHash: z.string().optional(),
    }),
    result: pipelineDocumentSchema,
  },
  'pipeline.create': {
    args: z.object({
      /** New folder (relative) to hold the pipeline, created with .orchest/pipeline.json. */
      folder: relPath,
      name: z.string().min(1).max(200),
    }),
    result: pipelineSummarySchema,
  },
  'file.create': {
    args: z.object({ path: relPath, template: fileTemplateSchema }),
    result: z.object({ path: z.string() }),
  },
  ...fileMethods,
  ...notebookMethods,

  'runs.start': { args: runRequestSchema, result: runStateSchema },
  'runs.cancel': { args: z.object({ runId: z.string().min(1) }), result: runStateSchema },
  'runs.get': { args: z.object({ runId: z.string().min(1) }), result: runStateSchema },
  'runs.last': { args: z.object({ pipeline: relPath }), result: runStateSchema.nullable() },
  'runs.readLog': {
    args: z.object({
      pipeline: relPath,
      stepId: z.string().min(1),
      /** Read from the end: at most this many bytes of the tail. */
      tailBytes: z.number().int().min(1).max(256 * 1024 * 1024).default(1024 * 1024),
    }),
    result: logTailSchema,
  },
  /** Copy a step's outputs back from the remote engine its last run used (they stay there otherwise). */
  'runs.fetchOutputs': { args: z.object({ pipeline: relPath, stepId: z.string().min(1) }), result: fetchedOutputsSchema },

  /** The engines this machine knows (local, configured, Docker contexts) and the one the open project uses. */
  'engines.list': { args: none, result: engineListSchema },
  /** Add or replace a configured engine. */
  'engines.save': { args: z.object({ name: engineNameSchema, spec: engineSpecSchema }), result: engineListSchema },
  'engines.remove': { args: z.object({ name: engineNameSchema }), result: engineListSchema },
  /** The open project's engine; null: the default (DOCKER_HOST, config default_engine, Docker context, local). */
  'engines.select': { args: z.object({ engine: engineRefSchema.nullable() }), result: engineListSchema },
  /** Connect and ask the engine its version (default: the open project's engine). */
  'engines.check': { args: z.object({ engine: engineRefSchema.optional() }), result: engineCheckSchema },

  'env.list': { args: none, result: z.array(environmentInfoSchema) },
  'env.save': {
    args: z.object({ env: environmentSpecSchema.partial({ uuid: true }) }),
    result: environmentInfoSchema,
  },
  'env.duplicate': { args: z.object({ uuid: z.string().min(1) }), result: environmentInfoSchema },
  'env.delete': { args: z.object({ uuid: z.string().min(1) }), result: z.object({ deleted: z.string() }) },
  'env.build': { args: z.object({ uuid: z.string().min(1) }), result: environmentInfoSchema },
  'env.cancelBuild': { args: z.object({ uuid: z.string().min(1) }), result: environmentInfoSchema },
  /** The last build's log: its tail, placed like runs.readLog's (start = size - bytes of text). */
  'env.readBuildLog': { args: z.object({ uuid: z.string().min(1) }), result: logTailSchema },
  /** Make it the project's default environment for new steps (kept in .orchest/project.json). */
  'env.setDefault': { args: z.object({ uuid: z.string().min(1) }), result: environmentInfoSchema },

  /** Environment variables of the project, or of one pipeline (`pipeline`), kept outside the project folder. */
  'vars.get': {
    args: variableScopeSchema.extend({
      /** Include secret values (for a "reveal" button); otherwise secrets come without value. */
      reveal: z.boolean().default(false),
    }),
    result: variableSetSchema,
  },
  /** Replace the scope's variables; a secret given without value keeps the one it has. */
  'vars.set': { args: variableScopeSchema.extend({ variables: variableListSchema }), result: variableSetSchema },
  /** The Docker engine (reachable, version, what to do if not), the default image, the runner. */
  'engine.status': { args: none, result: engineStatusSchema },
  /** Start building the default image (answers at once; 'setup.progress' follows it). */
  'setup.buildDefaultImage': { args: none, result: setupStateSchema },
  'setup.cancel': { args: none, result: setupStateSchema },
  /** The log of the current or last default-image build in this process (its tail, as for run logs). */
  'setup.readLog': { args: none, result: logTailSchema },

  /** Start (or reuse) a Jupyter server in the environment's image; answers once it serves. */
  'jupyter.open': { args: jupyterOpenSchema, result: jupyterOpenResultSchema },
  'jupyter.list': { args: none, result: z.array(jupyterServerSchema) },
  'jupyter.stop': { args: z.object({ id: z.string().min(1) }), result: z.object({ stopped: z.string() }) },

  /** What each step produced in the last run: the summaries the SDK wrote, and who receives them. */
  'outputs.list': { args: outputsListSchema, result: z.array(stepOutputsSchema) },
  /** A thumbnail an output's summary names (PNG/JPEG, at most 256 px), base64. */
  'outputs.thumbnail': { args: thumbnailRequestSchema, result: thumbnailResultSchema },
  /** Start the pipeline's services of the interactive scope (those not running); answers once their ports answer. */
  'services.start': { args: servicesStartSchema, result: z.array(serviceInfoSchema) },
  /** Stop the pipeline's interactive services (all, or `names`) and remove their containers. */
  'services.stop': { args: servicesStopSchema, result: z.object({ stopped: z.array(z.string()) }) },
  /** The services running (or exited, not yet stopped) in this app: all, or one pipeline's. */
  'services.list': { args: servicesListSchema, result: z.array(serviceInfoSchema) },
  /** The tail of a service's log, placed like runs.readLog's. */
  'services.readLog': { args: servicesReadLogSchema, result: logTailSchema },
  /** The pipeline as Argo Workflows manifests (YAML), the images the cluster pulls and what to do first. */
  'argo.export': { args: argoExportRequestSchema, result: argoExportResultSchema },
  /** Tag the pipeline's images under the registry and push them ('argo.push' events as it goes). */
  'argo.push': { args: argoPushRequestSchema, result: argoPushResultSchema },
  /** Create the workflows on the cluster of a kubeconfig; 'argo.updated' and 'argo.log' follow them. */
  'argo.submit': { args: argoSubmitRequestSchema, result: argoSubmitResultSchema },

  /** Jobs, the run history and disk usage (api/jobs.ts). */
  ...jobMethods,
} as const;

/** Events pushed core -> every client, on one subscription mechanism for IPC and WebSocket. */
export const events = {
  /** The project's files or pipeline list changed (watcher). */
  'project.changed': projectStateSchema,
  /**
   * A pipeline file changed on disk, not through `pipeline.save` of this app. `document` is the
   * file as the core just read it (what `pipeline.read` would answer), so a client can show it
   * without asking again; absent, the client reads it.
   */
  'pipeline.changed': z.object({ path: z.string(), hash: z.string(), document: pipelineDocumentSchema.optional() }),
  'run.updated': runStateSchema,
  'run.log': logChunkSchema,
  'env.build': buildEventSchema,
  'env.changed': z.array(environmentInfoSchema),
  'setup.progress': setupEventSchema,
  /** The running Jupyter servers, after one started or stopped. */
  'jupyter.changed': z.array(jupyterServerSchema),
  /** Every service of this app, after one started, answered, exited or stopped. */
  'services.changed': z.array(serviceInfoSchema),
  'service.log': serviceLogChunkSchema,
  ...notebookEvents,
  /** A submitted workflow's state, read from the cluster. */
  'argo.updated': argoWorkflowStateSchema,
  /** Log text of a step of a submitted workflow (its pod's container "main"). */
  'argo.log': argoLogEventSchema,
  'argo.push': argoPushEventSchema,
  ...jobEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type Args<M extends MethodName> = z.input<Methods[M]['args']>;
/** What a handler receives, after validation and defaults. */
export type ParsedArgs<M extends MethodName> = z.output<Methods[M]['args']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
