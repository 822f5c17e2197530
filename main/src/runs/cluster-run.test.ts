/**
 * A run on a Kubernetes engine through the run service, as the editor starts one: a real core on a
 * copy of examples/hello-pipeline, the Workflow created on a Kubernetes API on 127.0.0.1 answering
 * in the shape of Kubernetes' and Argo's answers (argo/testing/; no cluster runs here). The run's
 * events, step states and log files are those of a local run; cancel stops the Workflow.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogChunk, RunState } from '../api/runs.js';
import { createCore, type Core } from '../core/core.js';
import { request } from '../core/request.js';
import { appRoot } from '../core/resources.js';
import { startFakeKubeApi, type FakeKubeOptions } from '../argo/testing/fake-kube-api.js';
import { waitFor } from './testing/docker-env.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PIPELINE = '.orchest/pipeline.json';

async function clusterCore(opts: FakeKubeOptions = {}): Promise<{ core: Core; api: Awaited<ReturnType<typeof startFakeKubeApi>>; root: string; events: Array<[string, unknown]> }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-cluster-run-'));
  cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }));
  const root = path.join(tmp, 'hello-pipeline');
  await fs.cp(path.join(appRoot(), 'examples', 'hello-pipeline'), root, { recursive: true });
  const api = await startFakeKubeApi({ token: 't0ken', ...opts });
  cleanups.push(() => api.close());
  const kubeconfig = path.join(tmp, 'kubeconfig');
  await fs.writeFile(kubeconfig, `apiVersion: v1\nkind: Config\ncurrent-context: t\ncontexts: [{name: t, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: "${api.server}"}}]\nusers: [{name: u, user: {token: t0ken}}]\n`);
  const configDir = path.join(tmp, 'config');
  await fs.mkdir(configDir);
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({ engines: { 'team-cluster': { kubeconfig, namespace: 'ml' } } }));
  const core = await createCore({ configDir, dataDir: path.join(tmp, 'data'), mode: 'test', projectDir: root, watchProject: false, argoPollMs: 10 });
  cleanups.push(() => core.dispose());
  const events: Array<[string, unknown]> = [];
  core.subscribe((event, payload) => void events.push([event, payload]));
  return { core, api, root, events };
}

const finalOf = (events: Array<[string, unknown]>, id: string) =>
  events.map(([e, p]) => (e === 'run.updated' ? (p as RunState) : undefined)).find((s) => s?.id === id && ['SUCCESS', 'FAILURE', 'ABORTED'].includes(s.status));

describe('a run on a Kubernetes engine', () => {
  it('submits the pipeline as a Workflow; its steps\' states and pod logs arrive as a run\'s', async () => {
    const { core, api, events } = await clusterCore();
    expect(await request(core, 'engines.check', { engine: 'team-cluster' })).toMatchObject({ reachable: true, version: 'Kubernetes v1.30.4', engine: { kind: 'kubernetes' } });
    await request(core, 'engines.select', { engine: 'team-cluster' });
    const list = await request(core, 'engines.list', {});
    expect(list.active).toMatchObject({ name: 'team-cluster', kind: 'kubernetes', remote: true, source: 'project' });
    const started = await request(core, 'runs.start', { pipeline: PIPELINE });
    expect(started.engine).toMatchObject({ name: 'team-cluster', kind: 'kubernetes' });
    const final = await waitFor('the run to end', () => finalOf(events, started.id), 20_000);
    expect(final.status, final.message).toBe('SUCCESS');
    expect(final.message).toContain('Ran as the Argo Workflow hello-pipeline-x7k2p in namespace ml');
    expect(final.steps.map((s) => [s.title, s.status])).toEqual([['Load numbers', 'SUCCESS'], ['Square them', 'SUCCESS'], ['Sum them', 'SUCCESS'], ['Report', 'SUCCESS']]);
    // Steps went through STARTED, as on a local engine.
    const seen = events.filter(([e]) => e === 'run.updated').map(([, p]) => (p as RunState).steps.find((s) => s.title === 'Square them')?.status);
    expect(seen).toContain('STARTED');
    // Each step's log: in its log file (runs.readLog) and sent live as run.log.
    const sum = final.steps.find((s) => s.title === 'Sum them')!;
    expect(await fs.readFile(sum.logPath, 'utf8')).toBe('sum=45\n');
    expect((await request(core, 'runs.readLog', { pipeline: PIPELINE, stepId: sum.uuid })).text).toBe('sum=45\n');
    const live = events.filter(([e]) => e === 'run.log').map(([, p]) => p as LogChunk).filter((c) => c.stepId === sum.uuid).map((c) => c.text).join('');
    expect(live).toBe('sum=45\n');
    expect((await request(core, 'runs.last', { pipeline: PIPELINE }))?.status).toBe('SUCCESS');
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/apis/argoproj.io/v1alpha1/namespaces/ml/workflows']);
    await expect(request(core, 'runs.fetchOutputs', { pipeline: PIPELINE, stepId: sum.uuid })).rejects.toThrow(/on the volume claim orchest-userdir/);
  });

  it('cancel stops the Workflow (spec.shutdown Terminate) and the run ends ABORTED', async () => {
    const { core, api, events } = await clusterCore({ holdAt: 3 });
    const started = await request(core, 'runs.start', { pipeline: PIPELINE, engine: 'team-cluster' });
    await waitFor('a step to run', () => events.some(([e, p]) => e === 'run.updated' && (p as RunState).steps.some((s) => s.title === 'Square them' && s.status === 'STARTED')), 20_000);
    const cancelled = await request(core, 'runs.cancel', { runId: started.id });
    expect(cancelled.status).toBe('ABORTED');
    const patch = api.requests.find((r) => r.method === 'PATCH');
    expect(patch).toMatchObject({ path: '/apis/argoproj.io/v1alpha1/namespaces/ml/workflows/hello-pipeline-x7k2p', body: { spec: { shutdown: 'Terminate' } } });
    expect(cancelled.steps.map((s) => [s.title, s.status])).toEqual([['Load numbers', 'SUCCESS'], ['Square them', 'ABORTED'], ['Sum them', 'ABORTED'], ['Report', 'ABORTED']]);
  });

  it('runs whole pipelines only: a selection is refused saying what to do', async () => {
    const { core } = await clusterCore();
    await expect(request(core, 'runs.start', { pipeline: PIPELINE, engine: 'team-cluster', kind: 'selection', steps: ['a1b2c3d4-0001-4000-8000-000000000001'] })).rejects.toThrow(/runs whole pipelines \("Run all"\)/);
  });
});
