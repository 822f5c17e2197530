import { describe, expect, it } from 'vitest';
import { pipelineSchema } from '../api/pipeline.js';
import { expandGrid } from './parameter-grid.js';
import { schemaErrors } from './testing/argo-schema.js';
import { buildManifests, cpuQuantity, memoryQuantity, type Manifest, type ManifestInput } from './workflow-manifest.js';

const pipeline = pipelineSchema.parse({
  name: 'Train & report',
  uuid: 'p-1',
  settings: { max_steps_parallelism: 2 },
  parameters: { lr: 0.1 },
  steps: {
    'aaaa1111-x': { uuid: 'aaaa1111-x', title: 'Load', file_path: 'load.py', parameters: { n: 1 } },
    'bbbb2222-y': { uuid: 'bbbb2222-y', title: 'Train', file_path: 'train.ipynb', incoming_connections: ['aaaa1111-x'] },
    'cccc3333-z': { uuid: 'cccc3333-z', title: 'Report', file_path: 'report.sh', incoming_connections: ['aaaa1111-x', 'bbbb2222-y'] },
  },
});

function input(over: Partial<ManifestInput> = {}): ManifestInput {
  return {
    pipeline,
    pipelinePath: 'train.orchest',
    pipelineDir: '',
    projectUuid: 'proj-uuid',
    projectFolder: 'my-project',
    steps: [
      { uuid: 'aaaa1111-x', title: 'Load', filePath: 'load.py', parents: [], image: 'reg.example/orchest-py:latest', gpu: false, kernel: 'python', limits: {} },
      { uuid: 'bbbb2222-y', title: 'Train', filePath: 'train.ipynb', parents: ['aaaa1111-x'], image: 'reg.example/env-gpu:abc', gpu: true, kernel: 'python', limits: { nanoCpus: 1.5e9, memoryBytes: 2 * 2 ** 30 } },
      { uuid: 'cccc3333-z', title: 'Report', filePath: 'report.sh', parents: ['aaaa1111-x', 'bbbb2222-y'], image: 'reg.example/orchest-py:latest', gpu: false, kernel: 'python', limits: {} },
    ],
    variables: [
      { name: 'API_URL', value: 'https://example.org', secret: false },
      { name: 'API_TOKEN', secret: true },
    ],
    secretName: 'train-secrets',
    pvc: 'orchest-userdir',
    namespace: 'argo',
    retries: 2,
    runtimeFiles: { 'sdk/orchest/__init__.py': 'x = 1\n', 'runner/run_step.py': 'print(1)\n' },
    runtimeImage: 'reg.example/orchest-py:latest',
    ...over,
  };
}

type Template = { name: string; dag?: { tasks: Array<{ name: string; dependencies?: string[] }> }; container?: Record<string, unknown>; inputs?: { artifacts: Array<{ path: string; raw: { data: string } }> } };
const specOf = (m: Manifest) => (m.kind === 'CronWorkflow' ? (m.spec as { workflowSpec: Record<string, unknown> }).workflowSpec : (m.spec as Record<string, unknown>));
const templates = (m: Manifest) => specOf(m).templates as Template[];
const stepTemplate = (m: Manifest, title: string) => templates(m).find((t) => (t as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations?.['orchest.io/step-title'] === title)!;
const envOf = (t: Template) => (t.container!.env as Array<{ name: string; value?: string; valueFrom?: unknown }>);

describe('buildManifests', () => {
  it('makes a Workflow that Argo\'s JSON schema accepts, one DAG task per step with the edges as dependencies', () => {
    const [wf] = buildManifests(input());
    expect(schemaErrors(wf!)).toEqual([]);
    expect(wf!.kind).toBe('Workflow');
    expect((wf!.metadata as { generateName: string; namespace: string })).toMatchObject({ generateName: 'train-report-', namespace: 'argo' });
    const spec = specOf(wf!);
    expect(spec.parallelism).toBe(2);
    expect(spec.volumes).toEqual([{ name: 'userdir', persistentVolumeClaim: { claimName: 'orchest-userdir' } }]);
    const dag = templates(wf!).find((t) => t.name === spec.entrypoint)!.dag!;
    const byTitle = (title: string) => stepTemplate(wf!, title).name;
    expect(dag.tasks.map((t) => t.name).sort()).toEqual(['orchest-runtime', byTitle('Load'), byTitle('Train'), byTitle('Report')].sort());
    const deps = Object.fromEntries(dag.tasks.map((t) => [t.name, t.dependencies ?? []]));
    expect(deps[byTitle('Load')]).toEqual(['orchest-runtime']);
    expect(deps[byTitle('Train')]).toEqual([byTitle('Load')]);
    expect(deps[byTitle('Report')]).toEqual([byTitle('Load'), byTitle('Train')]);
  });

  it('runs each step in its image through the runner, with the volume claim\'s subPaths, limits, GPU and retries', () => {
    const [wf] = buildManifests(input());
    const train = stepTemplate(wf!, 'Train');
    expect(train.container).toMatchObject({
      image: 'reg.example/env-gpu:abc',
      command: ['python3', '/orchest/runner/run_step.py', 'train.ipynb'],
      workingDir: '/project-dir',
      resources: { limits: { cpu: '1500m', memory: '2Gi', 'nvidia.com/gpu': '1' } },
      volumeMounts: [
        { name: 'userdir', mountPath: '/project-dir', subPath: 'projects/my-project' },
        { name: 'userdir', mountPath: '/data', subPath: 'data' },
        { name: 'userdir', mountPath: '/orchest', subPath: 'orchest-runs/{{workflow.name}}' },
      ],
    });
    expect((train as { retryStrategy?: unknown }).retryStrategy).toEqual({ limit: '2', retryPolicy: 'OnFailure' });
    expect(stepTemplate(wf!, 'Load').container!.resources).toBeUndefined();
  });

  it('sets the ORCHEST_* environment of a local run, plain variables by value and secrets only by Secret reference', () => {
    const [wf] = buildManifests(input());
    const env = envOf(stepTemplate(wf!, 'Load'));
    const value = (n: string) => env.find((e) => e.name === n)?.value;
    expect(value('ORCHEST_STEP_UUID')).toBe('aaaa1111-x');
    expect(value('ORCHEST_PIPELINE_UUID')).toBe('p-1');
    expect(value('ORCHEST_PIPELINE_PATH')).toBe('/orchest/pipeline.json');
    expect(value('ORCHEST_PIPELINE_DATA_DIR')).toBe('/orchest/data');
    expect(value('ORCHEST_PROJECT_DIR')).toBe('/project-dir');
    expect(value('ORCHEST_RUN_UUID')).toBe('{{workflow.uid}}');
    expect(value('PYTHONPATH')).toBe('/orchest/sdk');
    expect(value('API_URL')).toBe('https://example.org');
    expect(env.find((e) => e.name === 'API_TOKEN')).toEqual({ name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'train-secrets', key: 'API_TOKEN' } } });
  });

  it('ships the SDK, the runner and the definition with the run\'s parameters to the run\'s folder once, before the first step', () => {
    const runs = expandGrid({ pipeline_parameters: { lr: [0.1, 0.01] }, 'aaaa1111-x': { n: [5] } });
    const docs = buildManifests(input({ runs }));
    expect(docs).toHaveLength(2);
    for (const d of docs) expect(schemaErrors(d)).toEqual([]);
    const definitions = docs.map((d) => {
      const runtime = templates(d).find((t) => t.name === 'orchest-runtime')!;
      const files = Object.fromEntries(runtime.inputs!.artifacts.map((a) => [a.path, a.raw.data]));
      expect(files['/tmp/orchest-runtime/sdk/orchest/__init__.py']).toBe('x = 1\n');
      expect(files['/tmp/orchest-runtime/runner/run_step.py']).toBe('print(1)\n');
      return JSON.parse(files['/tmp/orchest-runtime/pipeline.json']!) as { parameters: { lr: number }; steps: Record<string, { parameters: Record<string, unknown> }> };
    });
    expect(definitions.map((d) => d.parameters.lr)).toEqual([0.1, 0.01]);
    expect(definitions.map((d) => d.steps['aaaa1111-x']!.parameters)).toEqual([{ n: 5 }, { n: 5 }]);
    expect(docs.map((d) => (d.metadata as { generateName: string }).generateName)).toEqual(['train-report-run-1-', 'train-report-run-2-']);
  });

  it('makes a CronWorkflow for a schedule, also valid', () => {
    const [cron] = buildManifests(input({ cron: '0 3 * * *' }));
    expect(cron!.kind).toBe('CronWorkflow');
    expect(schemaErrors(cron!)).toEqual([]);
    expect(cron!.spec).toMatchObject({ schedules: ['0 3 * * *'] });
    expect((cron!.metadata as { name: string }).name).toBe('train-report');
  });

  it('fails the schema check when a manifest is broken (the check can fail)', () => {
    const [wf] = buildManifests(input());
    (specOf(wf!).templates as Template[])[0]!.dag!.tasks.push({ name: 42 } as never);
    expect(schemaErrors(wf!).join('\n')).toMatch(/tasks\/\d+\/name/);
  });
});

describe('quantities', () => {
  it('writes CPUs as millicores and memory in binary units', () => {
    expect(cpuQuantity(0.5e9)).toBe('500m');
    expect(memoryQuantity(512 * 2 ** 20)).toBe('512Mi');
    expect(memoryQuantity(1000)).toBe('1000');
  });
});
