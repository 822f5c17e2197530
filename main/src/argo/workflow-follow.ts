/**
 * Follow a submitted Workflow: poll its status (every `pollMs`), and stream each step pod's log
 * (container "main") from when it starts; report both until the workflow has ended and its logs
 * have been read to their end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArgoWorkflowState } from '../api/argo.js';
import type { KubeClient } from './kube-client.js';
import { isFinalPhase, podNodes, workflowState, type ArgoWorkflowObject, type FollowedStep } from './workflow-status.js';

export interface FollowHandlers {
  state(state: ArgoWorkflowState): void;
  log(stepId: string, text: string): void;
}

const NODE_NAME = 'workflows.argoproj.io/node-name';
const STARTED = new Set(['Running', 'Succeeded', 'Failed', 'Error']);

export const workflowPath = (ns: string, name = '') => `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(ns)}/workflows${name ? `/${encodeURIComponent(name)}` : ''}`;

export async function followWorkflow(
  kube: KubeClient,
  ns: string,
  name: string,
  pipeline: string,
  steps: readonly FollowedStep[],
  on: FollowHandlers,
  signal: AbortSignal,
  pollMs = 2000,
): Promise<ArgoWorkflowState> {
  const pods = new Map<string, string>(); // node name → pod name
  const logs = new Map<string, Promise<void>>(); // pod name → its log stream
  let last = '';
  let state: ArgoWorkflowState = { name, namespace: ns, pipeline, done: false, steps: steps.map((s) => ({ uuid: s.uuid, title: s.title })) };

  async function findPods() {
    const selector = encodeURIComponent(`workflows.argoproj.io/workflow=${name}`);
    const list = await kube.json<{ items: Array<{ metadata: { name: string; annotations?: Record<string, string> } }> }>('GET', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods?labelSelector=${selector}`);
    for (const pod of list.items) {
      const node = pod.metadata.annotations?.[NODE_NAME];
      if (node) pods.set(node, pod.metadata.name);
    }
  }

  function followLog(stepId: string, pod: string) {
    const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod)}/log?container=main&follow=true`;
    const reading = kube.stream(path, (text) => on.log(stepId, text), signal).catch(() => {
      // Not readable yet (the container is still starting) or gone: try again on the next poll.
      logs.delete(pod);
    });
    logs.set(pod, reading);
  }

  while (!signal.aborted) {
    const wf = await kube.json<ArgoWorkflowObject>('GET', workflowPath(ns, name));
    const started = steps.flatMap((s) => podNodes(wf, s.task).filter((n) => STARTED.has(n.phase ?? '')).map((n) => ({ step: s, node: n })));
    if (started.some(({ node }) => !pods.has(node.name))) await findPods();
    for (const { step, node } of started) {
      const pod = pods.get(node.name);
      if (pod && !logs.has(pod)) followLog(step.uuid, pod);
    }
    state = workflowState(wf, pipeline, steps, pods);
    const finished = isFinalPhase(state.phase);
    if (finished) await Promise.all(logs.values());
    const seen = JSON.stringify(state);
    if (seen !== last) {
      last = seen;
      on.state(state);
    }
    if (finished) return state;
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
  return state;
}
