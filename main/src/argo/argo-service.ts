/**
 * Argo Workflows: export a pipeline as manifests, push its images to a registry, submit it to a
 * cluster and follow it there ('argo.updated' / 'argo.log' events).
 */
import type Docker from 'dockerode';
import type * as z from 'zod';
import type { KubeEngineSpec } from '../api/engines.js';
import type { ArgoExportResult, ArgoWorkflowState, argoPushRequestSchema, argoPushResultSchema, argoSubmitRequestSchema, argoSubmitResultSchema, ParsedArgoExportRequest } from '../api/argo.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import { createDockerClient } from '../docker/client.js';
import { engineVersion } from '../docker/engine.js';
import { DockerStreamError, inspectImage } from '../docker/images.js';
import { pushImage, registryAuth, tagImage } from '../docker/push.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ProjectService } from '../project/project-service.js';
import { findStepResources } from '../runs/resources.js';
import type { VariableService } from '../variables/variable-service.js';
import { exportPipeline, type ExportDeps } from './export-pipeline.js';
import { createKubeClient, KubeApiError, type KubeClient } from './kube-client.js';
import { loadKubeconfig } from './kubeconfig.js';
import { followWorkflow, workflowPath, type FollowHandlers } from './workflow-follow.js';
import type { FollowedStep } from './workflow-status.js';

type PushRequest = z.output<typeof argoPushRequestSchema>;
type SubmitRequest = z.output<typeof argoSubmitRequestSchema>;

export interface ArgoService {
  export(req: ParsedArgoExportRequest): Promise<ArgoExportResult>;
  push(req: PushRequest): Promise<z.output<typeof argoPushResultSchema>>;
  /** Creates the workflows and answers; following them goes on in the background (events). */
  submit(req: SubmitRequest): Promise<z.output<typeof argoSubmitResultSchema>>;
  /** One run of a pipeline on a Kubernetes engine: creates its Workflow; its owner follows it (runs on a Kubernetes engine). */
  startRun(pipeline: string, engine: KubeEngineSpec): Promise<ClusterRun>;
  /** Resolves when every workflow followed in this process has ended (or stopped being followed). */
  settled(): Promise<void>;
  dispose(): Promise<void>;
}

/** A Workflow created for a run, followed by the run service as it follows its containers. */
export interface ClusterRun {
  name: string;
  namespace: string;
  server: string;
  steps: FollowedStep[];
  follow(on: FollowHandlers, signal: AbortSignal): Promise<ArgoWorkflowState>;
  /** Stops the Workflow as `argo stop`/`argo terminate` do: spec.shutdown (Terminate: running pods are killed). */
  terminate(): Promise<void>;
}

export interface ArgoServiceDeps {
  config: ConfigService;
  project: ProjectService;
  environments: EnvironmentService;
  variables?: VariableService;
  bus: EventBus;
  /** How often a followed workflow's status is read (tests go faster). */
  pollMs?: number;
}

/** What a GET of a namespaced object answers: it, or null when it does not exist (or may not be read: nothing to say then). */
async function readObject<T>(kube: KubeClient, path: string): Promise<T | null | 'unknown'> {
  try {
    return await kube.json<T>('GET', path);
  } catch (err) {
    if (err instanceof KubeApiError && err.status === 404) return null;
    if (err instanceof KubeApiError && err.status === 403) return 'unknown';
    throw err;
  }
}

/** The volume claim and the Secret the workflow needs, before creating it: a pod would only wait for them, saying little. */
async function checkClusterObjects(kube: KubeClient, ns: string, exported: ArgoExportResult): Promise<void> {
  const base = `/api/v1/namespaces/${encodeURIComponent(ns)}`;
  const pvc = await readObject(kube, `${base}/persistentvolumeclaims/${encodeURIComponent(exported.pvc)}`);
  if (pvc === null) {
    throw new CoreError(
      'NOT_FOUND',
      `The cluster has no persistent volume claim "${exported.pvc}" in namespace ${ns}. Create one (ReadWriteMany, so parallel steps share it), copy the project to ${exported.projectSubPath}/ on it, or give the claim's name (--pvc).`,
    );
  }
  if (!exported.secret) return;
  const secret = await readObject<{ data?: Record<string, string> }>(kube, `${base}/secrets/${encodeURIComponent(exported.secret.name)}`);
  const missing = secret === 'unknown' ? [] : exported.secret.keys.filter((k) => !secret?.data?.[k]);
  if (missing.length) {
    const what = secret === null ? `has no Secret "${exported.secret.name}"` : `has the Secret "${exported.secret.name}" without ${missing.join(', ')}`;
    throw new CoreError(
      'NOT_FOUND',
      `The cluster ${what} in namespace ${ns}, which the secret variables come from: kubectl create secret generic ${exported.secret.name} -n ${ns} ${exported.secret.keys.map((k) => `--from-literal=${k}=…`).join(' ')}`,
    );
  }
}

export function createArgoService(deps: ArgoServiceDeps): ArgoService {
  const { config, bus } = deps;
  const following = new Set<Promise<unknown>>();
  const stop = new AbortController();
  const docker = (): Docker => createDockerClient(config.get().docker_host);

  const exportDeps: ExportDeps = {
    config,
    project: deps.project,
    environments: deps.environments,
    variables: deps.variables,
    resources: () => findStepResources(),
    async imagesPresent(images) {
      const client = docker();
      try {
        await engineVersion(client, 2000);
      } catch {
        return null;
      }
      return new Map(await Promise.all(images.map(async (i) => [i, (await inspectImage(client, i)) !== null] as const)));
    },
  };

  function follow(kube: KubeClient, ns: string, name: string, pipeline: string, steps: FollowedStep[]) {
    const work = followWorkflow(
      kube,
      ns,
      name,
      pipeline,
      steps,
      { state: (s) => bus.emit('argo.updated', s), log: (stepId, text) => bus.emit('argo.log', { name, namespace: ns, stepId, text }) },
      stop.signal,
      deps.pollMs,
    ).catch((err: unknown) => {
      const message = `Stopped following ${name}: ${err instanceof Error ? err.message : String(err)} (it may still run on the cluster: kubectl get workflow ${name} -n ${ns}).`;
      bus.emit('argo.updated', { name, namespace: ns, pipeline, done: true, message, steps: steps.map((s) => ({ uuid: s.uuid, title: s.title })) });
    });
    following.add(work);
    void work.finally(() => following.delete(work));
  }

  /** Export, check the claim and Secret are there, create the Workflow(s). */
  async function create(req: SubmitRequest) {
    const target = await loadKubeconfig(req.kubeconfig, req.context);
    const namespace = req.namespace ?? target.namespace ?? 'default';
    const { manifests, steps, result } = await exportPipeline(exportDeps, { ...req, namespace });
    const kube = createKubeClient(target);
    await checkClusterObjects(kube, namespace, result);
    const names: string[] = [];
    for (const manifest of manifests) {
      const created = await kube.json<{ metadata: { name: string } }>('POST', workflowPath(namespace), manifest);
      names.push(created.metadata.name);
    }
    return { kube, namespace, names, steps, server: target.server };
  }

  return {
    async export(req) {
      return (await exportPipeline(exportDeps, req)).result;
    },

    async push(req) {
      const { result } = await exportPipeline(exportDeps, { pipeline: req.pipeline, registry: req.registry, pvc: 'orchest-userdir', retries: 0 });
      const client = docker();
      const pushed: Array<{ local: string; remote: string }> = [];
      for (const image of result.images.filter((i) => i.push)) {
        if (image.present === false) {
          throw new CoreError('IMAGE_MISSING', `Docker has no image ${image.local} (used by ${image.steps.map((s) => `"${s}"`).join(', ')}) to push: build it first (orchest env build, or orchest setup for the default image).`);
        }
        const say = (text: string) => bus.emit('argo.push', { image: image.remote, text });
        try {
          await tagImage(client, image.local, image.remote);
          say(`Pushing ${image.local} as ${image.remote}`);
          await pushImage(client, image.remote, { auth: await registryAuth(image.remote), onMessage: (m) => m.status && say(`${m.id ? `${m.id}: ` : ''}${m.status}`) });
        } catch (err) {
          if (!(err instanceof DockerStreamError)) throw err;
          throw new CoreError('DOCKER_UNAVAILABLE', `Pushing ${image.remote} failed: ${err.message}. Check the registry's address, and log in to it (docker login ${image.remote.split('/')[0]}) if it needs one.`);
        }
        pushed.push({ local: image.local, remote: image.remote });
      }
      return { pushed };
    },

    async submit(req) {
      const { kube, namespace, names, steps, server } = await create(req);
      const workflows: ArgoWorkflowState[] = names.map((name) => {
        follow(kube, namespace, name, req.pipeline, steps);
        return { name, namespace, pipeline: req.pipeline, phase: 'Pending', done: false, steps: steps.map((s) => ({ uuid: s.uuid, title: s.title })) };
      });
      return { workflows, server };
    },

    async startRun(pipeline, engine) {
      const req = {
        pipeline,
        kubeconfig: engine.kubeconfig,
        pvc: engine.pvc ?? 'orchest-userdir',
        retries: 0,
        ...(engine.context ? { context: engine.context } : {}),
        ...(engine.namespace ? { namespace: engine.namespace } : {}),
        ...(engine.registry ? { registry: engine.registry.replace(/\/+$/, '') } : {}),
      };
      const { kube, namespace, names, steps, server } = await create(req);
      const name = names[0]!;
      return {
        name,
        namespace,
        server,
        steps,
        follow: (on, signal) => followWorkflow(kube, namespace, name, pipeline, steps, on, signal, deps.pollMs),
        terminate: async () => void (await kube.json('PATCH', workflowPath(namespace, name), { spec: { shutdown: 'Terminate' } })),
      };
    },

    async settled() {
      while (following.size) await Promise.allSettled([...following]);
    },

    async dispose() {
      stop.abort();
      await this.settled();
    },
  };
}
