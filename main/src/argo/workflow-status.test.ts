import { describe, expect, it } from 'vitest';
import { fixture } from './testing/fake-kube-api.js';
import { workflowState, type ArgoWorkflowObject } from './workflow-status.js';

const steps = [
  { uuid: 'a1b2c3d4-0001-4000-8000-000000000001', title: 'Load numbers', task: 'load-numbers-a1b2c3d4' },
  { uuid: 'a1b2c3d4-0002-4000-8000-000000000002', title: 'Square them', task: 'square-them-a1b2c3d4' },
  { uuid: 'a1b2c3d4-0004-4000-8000-000000000004', title: 'Report', task: 'report-a1b2c3d4' },
];

describe('workflowState', () => {
  it('reads each step\'s phase and message from its pod node, and the workflow\'s own', () => {
    const wf = fixture<ArgoWorkflowObject>('hello-pipeline-failed.json');
    const pods = new Map([['hello-pipeline-x7k2p.square-them-a1b2c3d4', 'hello-pipeline-x7k2p-square-them-a1b2c3d4-3329015872']]);
    const state = workflowState(wf, 'p.orchest', steps, pods);
    expect(state).toMatchObject({ name: 'hello-pipeline-x7k2p', namespace: 'ml', phase: 'Failed', done: true, message: "child 'hello-pipeline-x7k2p-3329015872' failed" });
    expect(state.steps.map((s) => [s.title, s.phase, s.message])).toEqual([
      ['Load numbers', 'Succeeded', undefined],
      ['Square them', 'Failed', 'Error (exit code 1)'],
      ['Report', 'Omitted', 'omitted: depends condition not met'],
    ]);
    expect(state.steps[1]!.pod).toBe('hello-pipeline-x7k2p-square-them-a1b2c3d4-3329015872');
  });

  it('takes a retried step\'s outcome from its Retry node, its pod from the last attempt', () => {
    const node = (id: string, name: string, type: string, phase: string, startedAt: string) => ({ id, name: `w.${name}`, displayName: name, type, phase, startedAt });
    const wf: ArgoWorkflowObject = {
      metadata: { name: 'w', namespace: 'ml' },
      status: {
        phase: 'Running',
        nodes: {
          r: node('r', 'load-numbers-a1b2c3d4', 'Retry', 'Running', '2026-12-01T10:00:00Z'),
          p0: node('p0', 'load-numbers-a1b2c3d4(0)', 'Pod', 'Failed', '2026-12-01T10:00:01Z'),
          p1: node('p1', 'load-numbers-a1b2c3d4(1)', 'Pod', 'Running', '2026-12-01T10:00:09Z'),
        },
      },
    };
    const state = workflowState(wf, 'p.orchest', steps, new Map([['w.load-numbers-a1b2c3d4(1)', 'pod-1']]));
    expect(state.done).toBe(false);
    expect(state.steps[0]).toMatchObject({ phase: 'Running', pod: 'pod-1' });
    expect(state.steps[1]!.phase).toBeUndefined();
  });
});
