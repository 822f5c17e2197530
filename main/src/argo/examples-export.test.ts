/**
 * The bundled examples exported through the core (`argo.export`, as the CLI and the app call it):
 * every step a task, the dependencies the pipeline's edges, images, mounts and env; each document
 * valid against Argo's published JSON schema.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { Pipeline } from '../api/pipeline.js';
import { createCore, type Core } from '../core/core.js';
import { appRoot } from '../core/resources.js';
import { request } from '../core/request.js';
import { schemaErrors } from './testing/argo-schema.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openExample(name: string): Promise<{ core: Core; root: string }> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-argo-'));
  const root = path.join(tmp, name);
  await fs.cp(path.join(appRoot(), 'examples', name), root, { recursive: true });
  const core = await createCore({ configDir: path.join(tmp, 'config'), dataDir: path.join(tmp, 'data'), mode: 'test', projectDir: root, watchProject: false });
  cleanups.push(() => fs.rm(tmp, { recursive: true, force: true }), () => core.dispose());
  return { core, root };
}

interface Task { name: string; template: string; dependencies?: string[] }
interface Template {
  name: string;
  metadata?: { annotations?: Record<string, string> };
  dag?: { tasks: Task[] };
  container?: { image: string; workingDir?: string; command: string[]; env: Array<{ name: string; value?: string; valueFrom?: unknown }>; volumeMounts: Array<{ mountPath: string; subPath: string }> };
}

const EXAMPLES = [
  { name: 'hello-pipeline', pipeline: '.orchest/pipeline.json' },
  { name: 'quickstart', pipeline: 'california_housing.orchest' },
  { name: 'r-python-mix', pipeline: 'r-python-mix.orchest' },
];

describe.each(EXAMPLES)('exporting examples/$name', ({ name, pipeline: pipelinePath }) => {
  it('gives a valid Workflow with one task per step, the edges as dependencies, the images, mounts and env', async () => {
    const { core } = await openExample(name);
    const doc = await request(core, 'pipeline.read', { path: pipelinePath });
    const pipeline = doc.pipeline as Pipeline;
    await request(core, 'vars.set', { variables: [{ name: 'PLAIN', value: 'visible', secret: false }, { name: 'TOKEN', value: 's3cr3t-value', secret: true }] });
    const envs = await request(core, 'env.list', {});
    const config = await request(core, 'config.get', {});

    const result = await request(core, 'argo.export', { pipeline: pipelinePath, registry: 'registry.example.org/team', namespace: 'ml' });
    expect(result.yaml).not.toContain('s3cr3t-value');
    const docs = parseAllDocuments(result.yaml).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs).toHaveLength(1);
    expect(schemaErrors(docs[0]!)).toEqual([]);
    const spec = docs[0]!.spec as { entrypoint: string; templates: Template[] };
    const dag = spec.templates.find((t) => t.name === spec.entrypoint)!.dag!;

    // Each step: its own task, found by the template's step-uuid annotation.
    const templateOf = new Map(spec.templates.filter((t) => t.metadata?.annotations?.['orchest.io/step-uuid']).map((t) => [t.metadata!.annotations!['orchest.io/step-uuid']!, t]));
    expect([...templateOf.keys()].sort()).toEqual(Object.keys(pipeline.steps).sort());
    const taskOf = new Map([...templateOf].map(([uuid, t]) => [uuid, dag.tasks.find((k) => k.template === t.name)!]));
    const uuidOfTask = new Map([...taskOf].map(([uuid, t]) => [t.name, uuid]));
    const edges = (deps: string[] | undefined) => (deps ?? []).filter((d) => d !== 'orchest-runtime').map((d) => uuidOfTask.get(d)).sort();

    for (const [uuid, step] of Object.entries(pipeline.steps)) {
      const task = taskOf.get(uuid)!;
      expect(edges(task.dependencies), `dependencies of "${step.title}"`).toEqual([...step.incoming_connections].sort());
      const c = templateOf.get(uuid)!.container!;
      const env = step.environment ? envs.find((e) => e.uuid === step.environment)!.image : (config.image_aliases[step.image ?? ''] ?? step.image ?? config.default_image);
      expect(c.image).toBe(`registry.example.org/team/${env}`);
      expect(c.command).toEqual(['python3', '/orchest/runner/run_step.py', step.file_path]);
      expect(c.workingDir).toBe(path.posix.join('/project-dir', doc.dir));
      expect(c.volumeMounts.map((m) => [m.mountPath, m.subPath])).toEqual([
        ['/project-dir', `projects/${name}`],
        ['/data', 'data'],
        ['/orchest', 'orchest-runs/{{workflow.name}}'],
      ]);
      const value = (n: string) => c.env.find((e) => e.name === n)?.value;
      expect(value('ORCHEST_STEP_UUID')).toBe(uuid);
      expect(value('ORCHEST_PIPELINE_UUID')).toBe(pipeline.uuid);
      expect(value('PLAIN')).toBe('visible');
      expect(c.env.find((e) => e.name === 'TOKEN')).toEqual({ name: 'TOKEN', valueFrom: { secretKeyRef: { name: result.secret!.name, key: 'TOKEN' } } });
    }
    expect(result.images.map((i) => i.remote).sort()).toEqual([...new Set([...templateOf.values()].map((t) => t.container!.image))].sort());
    expect(result.images.every((i) => i.push)).toBe(true);
    expect(result.secret).toEqual({ name: expect.stringMatching(/-secrets$/), keys: ['TOKEN'] });
    expect(result.projectSubPath).toBe(`projects/${name}`);
  });
});

describe('exporting with a grid and a schedule', () => {
  it('makes one CronWorkflow per combination of the grid, each valid, each with its own parameters', async () => {
    const { core, root } = await openExample('hello-pipeline');
    const gridFile = '.orchest/pipeline.parameters.json';
    await fs.writeFile(path.join(root, gridFile), JSON.stringify({ pipeline_parameters: { greeting: ['hi', 'hey'] }, 'a1b2c3d4-0001-4000-8000-000000000001': { count: [3, 4] } }));
    const result = await request(core, 'argo.export', { pipeline: '.orchest/pipeline.json', gridFile, cron: '30 2 * * 1', retries: 1 });
    expect(result).toMatchObject({ kind: 'CronWorkflow', documents: 4 });
    const docs = parseAllDocuments(result.yaml).map((d) => d.toJS() as { kind: string; spec: { schedules: string[]; workflowSpec: { templates: Array<{ name: string; inputs?: { artifacts: Array<{ path: string; raw: { data: string } }> } }> } } });
    const params = docs.map((d) => {
      expect(schemaErrors(d as never)).toEqual([]);
      expect(d.spec.schedules).toEqual(['30 2 * * 1']);
      const runtime = d.spec.workflowSpec.templates.find((t) => t.name === 'orchest-runtime')!;
      const def = JSON.parse(runtime.inputs!.artifacts.find((a) => a.path.endsWith('/pipeline.json'))!.raw.data) as Pipeline;
      return [def.parameters.greeting, def.steps['a1b2c3d4-0001-4000-8000-000000000001']!.parameters.count];
    });
    expect(params).toEqual([['hi', 3], ['hi', 4], ['hey', 3], ['hey', 4]]);
  });

  it('refuses a schedule that is not cron and a grid naming an unknown step, saying what to write', async () => {
    const { core } = await openExample('hello-pipeline');
    await expect(request(core, 'argo.export', { pipeline: '.orchest/pipeline.json', cron: 'every day' })).rejects.toThrow(/five fields/);
    await expect(request(core, 'argo.export', { pipeline: '.orchest/pipeline.json', grid: { nope: { a: [1] } } })).rejects.toThrow(/"nope".*neither "pipeline_parameters" nor a step uuid/);
  });
});
