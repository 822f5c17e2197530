import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';
import { countErrors } from './problems.js';
import { readFixture } from './testing/fixtures.js';

const QUICKSTART = ['quickstart', 'california_housing.orchest'];
const RAY = ['ray-tutorial', 'pipeline.orchest'];
const LEGACY = ['folder-layout', 'legacy', '.orchest', 'pipeline.json'];

/** A minimal valid definition with the given steps (title, parents, file). */
function definition(steps: Record<string, { title?: unknown; parents?: unknown; file?: unknown; uuid?: unknown }>): string {
  return JSON.stringify({
    name: 'p',
    uuid: 'p-uuid',
    steps: Object.fromEntries(
      Object.entries(steps).map(([id, s]) => [
        id,
        { uuid: s.uuid ?? id, title: s.title ?? id.toUpperCase(), file_path: s.file ?? `${id}.py`, incoming_connections: s.parents ?? [] },
      ]),
    ),
  });
}

describe('parse: real Orchest files', () => {
  it('reads the quickstart pipeline with its graph and no errors', async () => {
    const { pipeline, problems } = parse(await readFixture(...QUICKSTART));
    expect(problems).toEqual([]);
    expect(pipeline?.name).toBe('california-housing');
    expect(Object.keys(pipeline!.steps)).toHaveLength(7);
    const collect = pipeline!.steps['0ecdafa6-317b-4acd-be73-b69983053501']!;
    expect(collect.title).toBe('Collect results');
    // Order of parents is what get_inputs() follows: it must be kept.
    expect(collect.incoming_connections).toEqual([
      'f9a4e19a-b70e-451d-8bf4-db635ce860c6',
      'd094b09e-17a6-4bf1-ab59-6ec94b2a1c1d',
      '74c4c63c-0e37-4b06-90f8-88f22c1e1b3d',
    ]);
    expect(collect.meta_data.position).toEqual([1004.5264350628843, 457.433333079455]);
  });

  it('warns about each missing step file by step title, without failing', async () => {
    const { pipeline, problems } = parse(await readFixture(...RAY), { fileExists: (p) => p === 'pi.ipynb' });
    expect(pipeline).not.toBeNull();
    expect(countErrors(problems)).toBe(0);
    expect(problems).toHaveLength(6);
    expect(problems.every((p) => p.severity === 'warning')).toBe(true);
    const remote = problems.find((p) => p.stepId === '36b02fcb-d072-4620-a1fa-1f0bcfeb6730');
    expect(remote?.field).toBe('steps.36b02fcb-d072-4620-a1fa-1f0bcfeb6730.file_path');
    expect(remote?.message).toContain('"Remote objects"');
    expect(remote?.message).toContain('"ex_remo_objs.ipynb" does not exist');
  });

  it('accepts an old file: image instead of environment, kernel ir, no version/parameters', async () => {
    const { pipeline, problems } = parse(await readFixture(...LEGACY));
    expect(problems).toEqual([]);
    expect(pipeline!.version).toBeUndefined();
    expect(pipeline!.parameters).toEqual({}); // default in memory
    const model = pipeline!.steps['b2c4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f']!;
    expect(model.image).toBe('orchest/custom-base-kernel-r');
    expect(model.kernel?.name).toBe('ir'); // the file's value, not normalised
    const clean = pipeline!.steps['8d1f8a52-39a4-4b6e-9f0c-6a1e2e1a0b11']!;
    expect(clean.incoming_connections).toEqual([]);
    expect(clean.owner).toBe('ada');
    expect(pipeline!.services).toHaveProperty('tensorboard');
  });
});

describe('parse: broken files', () => {
  it('reports an empty file', () => {
    const { pipeline, problems } = parse('  \n');
    expect(pipeline).toBeNull();
    expect(problems).toEqual([{ severity: 'error', message: 'The pipeline file is empty.' }]);
  });

  it('reports invalid JSON with line and column of the mistake', () => {
    const text = '{\n    "name": "p",\n    "uuid": "u"\n    "steps": {}\n}\n';
    const { pipeline, problems } = parse(text);
    expect(pipeline).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', line: 4, column: 5 });
    expect(problems[0]!.message).toMatch(/^Invalid JSON at line 4, column 5: .*comma is missing/);
  });

  it('locates errors V8 gives no position for', () => {
    expect(parse('{"name": "p",\n "uuid": }').problems[0]).toMatchObject({ line: 2, column: 10 });
    expect(parse('{"name": "p",\n "uuid": "u"').problems[0]!.message).toMatch(/line 2, column 13: Expected ',' or '}'.*the end of the file/);
    expect(parse('{"name": "p", "steps": {},\n}').problems[0]!.message).toContain("Trailing comma before '}'");
    expect(parse('{"name": "p\n"}').problems[0]!.message).toContain('Unescaped line break in string');
  });

  it('says a file that is not an object is not a pipeline', () => {
    const { pipeline, problems } = parse('[1, 2]');
    expect(pipeline).toBeNull();
    expect(problems[0]!.message).toBe('A pipeline definition must be a JSON object, but this file holds an array.');
  });

  it('reports every wrong type at once, naming the step and field', () => {
    const text = JSON.stringify({
      name: 'p',
      uuid: 'u',
      settings: { max_steps_parallelism: -1 },
      steps: {
        a: { uuid: 'a', title: 42, file_path: 'a.py', incoming_connections: [] },
        b: { uuid: 'b', title: 'Bee', incoming_connections: 'a', meta_data: { position: [1] } },
      },
    });
    const { pipeline, problems } = parse(text);
    expect(pipeline).toBeNull();
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(Object.keys(byField).sort()).toEqual([
      'settings.max_steps_parallelism',
      'steps.a.title',
      'steps.b.file_path',
      'steps.b.incoming_connections',
      'steps.b.meta_data.position',
    ]);
    expect(byField['steps.a.title']).toMatchObject({ severity: 'error', stepId: 'a' });
    expect(byField['steps.a.title']!.message).toBe('Step a: "title" should be a string, found number 42.');
    expect(byField['steps.b.file_path']!.message).toBe('Step "Bee" (b): "file_path" is missing (expected a string).');
    expect(byField['steps.b.incoming_connections']!.message).toContain('should be an array, found the string "a"');
    expect(byField['settings.max_steps_parallelism']!.stepId).toBeUndefined();
  });

  it('checks the graph even when the schema fails, so all problems show at once', () => {
    const text = definition({ a: { title: 7, parents: ['ghost'] } });
    const { pipeline, problems } = parse(text);
    expect(pipeline).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(['steps.a.title', 'steps.a.incoming_connections']);
  });

  it('warns about a key written twice, which JSON.parse would drop silently', () => {
    const text = '{"name": "p", "uuid": "u", "steps": {\n"a": {"uuid": "a", "title": "A", "file_path": "a.py"},\n"a": {"uuid": "a", "title": "A2", "file_path": "a.py"}}}';
    const { pipeline, problems } = parse(text);
    expect(pipeline!.steps.a!.title).toBe('A2');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'warning', stepId: 'a', field: 'steps.a', line: 3, column: 1 });
  });
});

describe('parse: graph problems', () => {
  it('keeps the pipeline but reports a step key that differs from its uuid', () => {
    const { pipeline, problems } = parse(definition({ a: { uuid: 'other' } }));
    expect(pipeline).not.toBeNull();
    expect(problems).toEqual([
      {
        severity: 'error',
        stepId: 'a',
        field: 'steps.a.uuid',
        message: 'Step "A" (a) is stored under the key "a" but its uuid is "other"; the two must match.',
      },
    ]);
  });

  it('reports an unknown parent', () => {
    const { pipeline, problems } = parse(definition({ a: {}, b: { parents: ['a', 'zzz'] } }));
    expect(pipeline).not.toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', stepId: 'b', field: 'steps.b.incoming_connections' });
    expect(problems[0]!.message).toContain('"zzz", which is not a step of this pipeline');
  });

  it('names the steps of a cycle by title and uuid, in the direction data flows', () => {
    // a -> b -> c -> a, d independent
    const { pipeline, problems } = parse(definition({ a: { parents: ['c'] }, b: { parents: ['a'] }, c: { parents: ['b'] }, d: {} }));
    expect(pipeline).not.toBeNull();
    expect(problems).toHaveLength(1);
    const msg = problems[0]!.message;
    expect(msg).toContain('Steps form a cycle');
    const order = ['"A" (a)', '"B" (b)', '"C" (c)'];
    // Any rotation of a -> b -> c -> back to the first.
    const start = order.findIndex((s) => msg.includes(`: step ${s}`));
    expect(start).toBeGreaterThanOrEqual(0);
    const rotated = [...order.slice(start), ...order.slice(0, start), order[start]!];
    expect(msg).toContain(rotated.map((s) => `step ${s}`).join(' → '));
    expect(msg).not.toContain('(d)');
  });

  it('reports every separate cycle and a self-loop', () => {
    const { problems } = parse(definition({ a: { parents: ['b'] }, b: { parents: ['a'] }, c: { parents: ['d'] }, d: { parents: ['c'] }, e: { parents: ['e'] } }));
    expect(problems).toHaveLength(3);
    expect(problems.filter((p) => p.message.includes('form a cycle'))).toHaveLength(2);
    expect(problems.find((p) => p.stepId === 'e')?.message).toBe('Step "E" (e) is connected to itself; a pipeline cannot have cycles.');
  });

  it('refuses file paths that are absolute or leave the pipeline folder', () => {
    const { pipeline, problems } = parse(definition({ a: { file: '/etc/passwd' }, b: { file: 'sub/../../x.py' }, c: { file: 'C:\\x.py' }, d: { file: 'ok/../y.py' } }));
    expect(pipeline).not.toBeNull();
    expect(problems.map((p) => [p.stepId, p.severity])).toEqual([
      ['a', 'error'],
      ['b', 'error'],
      ['c', 'error'],
    ]);
    expect(problems[0]!.message).toContain('absolute file path "/etc/passwd"');
    expect(problems[1]!.message).toContain("leaves the pipeline's folder");
  });

  it('lets a pipeline in a subfolder use files elsewhere in the project, not outside it', () => {
    const text = definition({ a: { file: '../shared/a.py' }, b: { file: '../../b.py' } });
    const { problems } = parse(text, { pipelineDir: 'pipelines' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ stepId: 'b', severity: 'error' });
    expect(problems[0]!.message).toContain('leaves the project folder');
  });

  it('warns about a step with no file yet', () => {
    const { problems } = parse(definition({ a: { file: '' } }), { fileExists: () => false });
    expect(problems).toEqual([{ severity: 'warning', stepId: 'a', field: 'steps.a.file_path', message: 'Step "A" (a) has no file yet.' }]);
  });
});

describe('parse: step limits', () => {
  const withResources = (resources: unknown) =>
    JSON.stringify({ name: 'p', uuid: 'p-uuid', steps: { a: { uuid: 'a', title: 'Train', file_path: 'a.py', incoming_connections: [], resources } } });

  it('reads CPU and memory limits of a step', () => {
    const { pipeline, problems } = parse(withResources({ cpus: 1.5, memory: '2g' }));
    expect(problems).toEqual([]);
    expect(pipeline?.steps.a?.resources).toEqual({ cpus: 1.5, memory: '2g' });
  });

  it('reports a limit that is not one, naming the step and field, and keeps the pipeline drawable', () => {
    const { pipeline, problems } = parse(withResources({ cpus: 0, memory: 'lots' }));
    expect(pipeline).not.toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', stepId: 'a', field: 'steps.a.resources.cpus', message: expect.stringContaining('step "Train" (a)') }),
      expect.objectContaining({ severity: 'error', stepId: 'a', field: 'steps.a.resources.memory', message: expect.stringContaining('"lots" is not a memory size') }),
    ]);
  });
});
