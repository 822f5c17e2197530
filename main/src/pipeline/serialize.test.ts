import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../api/pipeline.js';
import { kernelLanguage } from './kernel.js';
import { newPipeline } from './new-pipeline.js';
import { parse } from './parse.js';
import { detectFormat, serialize } from './serialize.js';
import { readFixture } from './testing/fixtures.js';

const FILES = {
  quickstart: ['quickstart', 'california_housing.orchest'],
  ray: ['ray-tutorial', 'pipeline.orchest'],
  legacy: ['folder-layout', 'legacy', '.orchest', 'pipeline.json'],
  etl: ['folder-layout', 'etl', '.orchest', 'pipeline.json'],
};

const CLEAN = '8d1f8a52-39a4-4b6e-9f0c-6a1e2e1a0b11';
const MODEL = 'b2c4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f';
const PLOT = 'c3d5e7f9-2b4c-4d6e-9fa0-1b2c3d4e5f60';

async function load(name: keyof typeof FILES) {
  const text = await readFixture(...FILES[name]);
  const result = parse(text);
  if (!result.pipeline) throw new Error(`fixture ${name} does not parse: ${JSON.stringify(result.problems)}`);
  return { text, pipeline: result.pipeline, raw: result.raw };
}

/** What an app save writes: the edit applied over the file's JSON, in the file's layout. */
function save(text: string, raw: unknown, pipeline: Pipeline): string {
  return serialize(pipeline, { base: raw, format: detectFormat(text) });
}

describe('serialize', () => {
  it('round-trips step limits and what else a step holds under them', async () => {
    const { text, raw, pipeline } = await load(Object.keys(FILES)[0] as keyof typeof FILES);
    const id = Object.keys(pipeline.steps)[0]!;
    const edited = structuredClone(pipeline);
    edited.steps[id]!.resources = { cpus: 2, memory: '512m', future_field: 'kept' } as never;
    const written = save(text, raw, edited);
    const again = parse(written);
    expect(again.pipeline?.steps[id]?.resources).toEqual({ cpus: 2, memory: '512m', future_field: 'kept' });
    // Another save without an edit keeps them.
    expect(save(written, again.raw, again.pipeline!)).toBe(written);
  });

  it.each(Object.keys(FILES) as (keyof typeof FILES)[])('round-trips %s: parse → serialize → parse gives the same data', async (name) => {
    const { pipeline } = await load(name);
    const again = parse(serialize(pipeline));
    expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(again.pipeline).toEqual(pipeline);
  });

  it.each(Object.keys(FILES) as (keyof typeof FILES)[])('saves %s unchanged byte for byte when nothing was edited', async (name) => {
    const { text, pipeline, raw } = await load(name);
    expect(save(text, raw, pipeline)).toBe(text);
  });

  it('writes Orchest style: 4 spaces, a final newline, the file order of keys', async () => {
    const { pipeline } = await load('quickstart');
    const out = serialize(pipeline);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('    "name": "california-housing",');
    // The fixture lists top-level keys alphabetically; zod would put name/uuid first.
    expect(Object.keys(JSON.parse(out))).toEqual(['name', 'parameters', 'settings', 'steps', 'uuid', 'version']);
  });

  it('keeps fields it does not know, at every level, through an edit', async () => {
    const { text, pipeline, raw } = await load('legacy');
    const edited: Pipeline = structuredClone(pipeline);
    edited.name = 'renamed';
    edited.steps[CLEAN]!.title = 'Clean data';
    edited.steps[CLEAN]!.meta_data.position = [120, 210];
    const out = JSON.parse(save(text, raw, edited));
    expect(out.name).toBe('renamed');
    expect(out.comment_from_user).toBe('kept on save');
    expect(out.services.tensorboard.ports).toEqual([6006]);
    expect(out.settings).toEqual({ auto_eviction: true, unknown_setting: 7 });
    const clean = out.steps[CLEAN];
    expect(clean.title).toBe('Clean data');
    expect(clean.owner).toBe('ada');
    expect(clean.kernel.extra_kernel_field).toBe('x');
    expect(clean.meta_data).toEqual({ hidden: false, position: [120, 210], color: '#ff0000' });
    expect(out.steps[MODEL].kernel.name).toBe('ir');
  });

  it('keeps unknown fields even when a client sends a pipeline without them', async () => {
    const { text, pipeline, raw } = await load('legacy');
    const stripped = structuredClone(pipeline) as Record<string, unknown> & Pipeline;
    delete stripped.comment_from_user;
    delete stripped.services;
    delete (stripped.steps[CLEAN] as Record<string, unknown>).owner;
    const out = JSON.parse(save(text, raw, stripped));
    expect(out.comment_from_user).toBe('kept on save');
    expect(out.services).toHaveProperty('tensorboard');
    expect(out.steps[CLEAN].owner).toBe('ada');
  });

  it('does not add defaults the file never had', async () => {
    const { text, pipeline, raw } = await load('legacy');
    const out = JSON.parse(save(text, raw, pipeline));
    expect(out).not.toHaveProperty('version');
    expect(out).not.toHaveProperty('parameters');
    expect(out.steps[CLEAN]).not.toHaveProperty('parameters');
    expect(out.steps[CLEAN]).not.toHaveProperty('incoming_connections');
    expect(out.steps[PLOT]).not.toHaveProperty('parameters');
  });

  it('applies removals: a deleted step, parameter, connection and a switch from image to environment', async () => {
    const { text, pipeline, raw } = await load('legacy');
    const edited: Pipeline = structuredClone(pipeline);
    delete edited.steps[PLOT];
    delete edited.steps[MODEL]!.parameters.alpha;
    edited.steps[MODEL]!.incoming_connections = [];
    delete edited.steps[MODEL]!.image;
    edited.steps[MODEL]!.environment = 'env-r';
    edited.parameters = { threshold: 3 };
    const out = JSON.parse(save(text, raw, edited));
    expect(Object.keys(out.steps)).toEqual([CLEAN, MODEL]);
    const model = out.steps[MODEL];
    expect(model.parameters).toEqual({ grid: { depth: [1, 2], criterion: 'gini' } });
    expect(model.incoming_connections).toEqual([]);
    expect(model).not.toHaveProperty('image');
    expect(model.environment).toBe('env-r');
    expect(out.parameters).toEqual({ threshold: 3 });
  });

  it('appends a new step after the existing ones', async () => {
    const { text, pipeline, raw } = await load('etl');
    const edited: Pipeline = structuredClone(pipeline);
    edited.steps.new = { uuid: 'new', title: 'New', file_path: 'new.py', incoming_connections: [], parameters: {}, meta_data: { position: [1, 2] } };
    const out = save(text, raw, edited);
    expect(Object.keys(JSON.parse(out).steps).at(-1)).toBe('new');
    // Lines of the untouched steps are unchanged: a small diff.
    const before = text.split('\n');
    const after = out.split('\n');
    expect(after.slice(0, 48)).toEqual(before.slice(0, 48));
  });

  it("keeps a file's own layout: 2-space indent, CRLF, no final newline", () => {
    const text = '{\r\n  "name": "p",\r\n  "uuid": "u",\r\n  "steps": {}\r\n}';
    const { pipeline, raw } = parse(text);
    const edited = { ...pipeline!, name: 'q' };
    expect(save(text, raw, edited)).toBe('{\r\n  "name": "q",\r\n  "uuid": "u",\r\n  "steps": {}\r\n}');
  });
});

describe('newPipeline', () => {
  it('creates a valid, empty definition Orchest can open', () => {
    const a = newPipeline('My pipeline');
    const b = newPipeline('My pipeline');
    expect(a.uuid).not.toBe(b.uuid);
    expect(a.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const text = serialize(a);
    expect(text).toContain('\n    "settings": {\n        "auto_eviction": false,\n        "data_passing_memory_size": "1GB",\n        "max_steps_parallelism": 0\n    },');
    const again = parse(text);
    expect(again.problems).toEqual([]);
    expect(again.pipeline).toEqual({ ...a, steps: {}, parameters: {} });
    expect(again.pipeline!.version).toBe('1.0.0');
  });
});

describe('kernelLanguage', () => {
  it('maps the old R kernel name ir to r, and defaults to python', () => {
    expect(kernelLanguage({ kernel: { name: 'ir', display_name: 'R' } })).toBe('r');
    expect(kernelLanguage({ kernel: { name: 'python' } })).toBe('python');
    expect(kernelLanguage({ kernel: { name: 'julia' } })).toBe('julia');
    expect(kernelLanguage({})).toBe('python');
  });
});

describe('serialize: a step added by the editor', () => {
  it('is written whole (Orchest readers expect incoming_connections, parameters, meta_data)', () => {
    const text = '{\n    "name": "p",\n    "uuid": "u",\n    "steps": {}\n}\n';
    const base = JSON.parse(text);
    const pipeline = parse(text).pipeline!;
    pipeline.steps.n = {
      uuid: 'n',
      title: 'New',
      file_path: '',
      incoming_connections: [],
      parameters: {},
      meta_data: { hidden: false, position: [0, 0] },
    };
    const out = JSON.parse(serialize(pipeline, { base }));
    expect(out.steps.n).toEqual({ uuid: 'n', title: 'New', file_path: '', incoming_connections: [], parameters: {}, meta_data: { hidden: false, position: [0, 0] } });
    // The file's own sparse top level stays as it was.
    expect(Object.keys(out)).toEqual(['name', 'uuid', 'steps']);
  });
});
