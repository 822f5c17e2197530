/** A Workflow object's status as Argo writes it → the state of each pipeline step (pure). */
import { argoPhaseSchema, type ArgoPhase, type ArgoWorkflowState } from '../api/argo.js';

export interface ArgoNode {
  id: string;
  name: string;
  displayName?: string;
  type?: string;
  templateName?: string;
  phase?: string;
  message?: string;
  startedAt?: string | null;
}

export interface ArgoWorkflowObject {
  metadata: { name: string; namespace?: string };
  status?: { phase?: string; message?: string; nodes?: Record<string, ArgoNode> };
}

export interface FollowedStep {
  uuid: string;
  title: string;
  /** Its DAG task's name. */
  task: string;
}

const FINAL: ReadonlySet<ArgoPhase> = new Set(['Succeeded', 'Failed', 'Error']);
export const isFinalPhase = (phase: ArgoPhase | undefined): boolean => phase !== undefined && FINAL.has(phase);

const phaseOf = (p: string | undefined): ArgoPhase | undefined => {
  const parsed = argoPhaseSchema.safeParse(p);
  return parsed.success ? parsed.data : undefined;
};

/** The task a node runs: its display name, without the "(1)" Argo adds to a retry's attempts. */
export const taskOfNode = (node: ArgoNode): string => (node.displayName ?? node.name.split('.').pop() ?? '').replace(/\(\d+\)$/, '');

/** The pods (attempts) of a task, oldest first. */
export function podNodes(wf: ArgoWorkflowObject, task: string): ArgoNode[] {
  return Object.values(wf.status?.nodes ?? {})
    .filter((n) => n.type === 'Pod' && taskOfNode(n) === task)
    .sort((a, b) => String(a.startedAt ?? '').localeCompare(String(b.startedAt ?? '')));
}

export function workflowState(wf: ArgoWorkflowObject, pipeline: string, steps: readonly FollowedStep[], pods: ReadonlyMap<string, string>): ArgoWorkflowState {
  const nodes = Object.values(wf.status?.nodes ?? {});
  const phase = phaseOf(wf.status?.phase);
  return {
    name: wf.metadata.name,
    namespace: wf.metadata.namespace ?? '',
    pipeline,
    ...(phase ? { phase } : {}),
    ...(wf.status?.message ? { message: wf.status.message } : {}),
    done: isFinalPhase(phase),
    steps: steps.map((s) => {
      // A retried step has a Retry node over its attempts: that one carries the step's outcome.
      const own = nodes.find((n) => n.type === 'Retry' && taskOfNode(n) === s.task);
      const attempts = podNodes(wf, s.task);
      const last = attempts[attempts.length - 1];
      const node = own ?? last;
      const stepPhase = phaseOf(node?.phase);
      const pod = last ? pods.get(last.name) : undefined;
      return {
        uuid: s.uuid,
        title: s.title,
        ...(stepPhase ? { phase: stepPhase } : {}),
        ...(node?.message ? { message: node.message } : {}),
        ...(pod ? { pod } : {}),
      };
    }),
  };
}
