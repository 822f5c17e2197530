/**
 * Property-based fuzzing (fast-check) of every reader of user files: the UTF-8 decoder, the JSON
 * reader, the pipeline parser, the config parser, and the file readers of environments, project
 * settings and variables. For any input: no exception escapes, a refusal names the problem (with
 * line and column where it is a JSON one), and reading writes nothing.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../main/src/common/json-text.js';
import { decodeUtf8 } from '../../main/src/common/utf8.js';
import { parseConfigText, readConfigFile } from '../../main/src/config/config-file.js';
import { CoreError } from '../../main/src/core/core-error.js';
import { listStored, readProjectSettings } from '../../main/src/environments/env-store.js';
import { parse } from '../../main/src/pipeline/parse.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { readVariableFile } from '../../main/src/variables/variable-file.js';
import { changes, snapshot } from '../support/fs-snapshot.js';

const RUNS = Number(process.env.ORCHEST_FUZZ_RUNS ?? 300);

const validPipeline = JSON.stringify(
  {
    name: 'p',
    uuid: 'pipe-1',
    settings: { max_steps_parallelism: 0 },
    parameters: { a: 1 },
    steps: {
      a: { uuid: 'a', title: 'A', file_path: 'a.py', incoming_connections: [], parameters: {}, meta_data: { position: [0, 0] } },
      b: { uuid: 'b', title: 'B', file_path: 'b.ipynb', incoming_connections: ['a'], parameters: {}, meta_data: { position: [1, 1] } },
    },
  },
  null,
  2,
);

/** Inputs shaped like what reaches the readers: raw bytes, text, valid JSON, a valid file damaged. */
const damaged = fc.oneof(
  fc.nat(validPipeline.length).map((n) => validPipeline.slice(0, n)), // truncated
  fc.tuple(fc.nat(validPipeline.length), fc.string({ maxLength: 8 })).map(([i, s]) => validPipeline.slice(0, i) + s + validPipeline.slice(i)), // inserted
  fc.tuple(fc.nat(validPipeline.length), fc.nat(20)).map(([i, n]) => validPipeline.slice(0, i) + validPipeline.slice(i + n)), // cut out
  fc.tuple(fc.nat(validPipeline.length), fc.jsonValue({ maxDepth: 4 })).map(([i, v]) => {
    const at = validPipeline.indexOf(':', i);
    return at < 0 ? validPipeline : `${validPipeline.slice(0, at + 1)} ${JSON.stringify(v)}${validPipeline.slice(validPipeline.indexOf(',', at) < 0 ? validPipeline.length : validPipeline.indexOf(',', at))}`;
  }), // a value replaced by any JSON value
  fc.integer({ min: 200, max: 5000 }).map((d) => `{"name":"p","uuid":"u","steps":{},"parameters":{"x":${'['.repeat(d)}${']'.repeat(d)}}}`), // deep
);
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.json({ maxDepth: 6 }), damaged);
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 400 }),
  text.map((t) => new TextEncoder().encode(t)),
  fc.tuple(text, fc.nat(), fc.integer({ min: 0x80, max: 0xff })).map(([t, i, b]) => {
    const buf = Buffer.from(t);
    return Buffer.concat([buf.subarray(0, i % (buf.length + 1)), Buffer.from([b]), buf.subarray(i % (buf.length + 1))]);
  }), // one stray high byte
);
const input = fc.oneof(text, bytes);

const named = (message: string) => message.trim().length > 10;

describe('fuzzing the readers of user files (fast-check)', () => {
  it('decodeUtf8 agrees with a strict decoder and locates the first bad byte', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(bytes, (b) => {
        const r = decodeUtf8(b);
        let expected: string | null = null;
        try {
          expected = strict.decode(b);
        } catch {
          /* not UTF-8 */
        }
        if (r.ok) expect(r.text).toBe(expected);
        else {
          expect(expected).toBeNull();
          expect(r.offset).toBeGreaterThanOrEqual(0);
          expect(r.byte).toBe(b[r.offset]);
          expect(r.message).toMatch(/^it is not UTF-8 text: byte 0x[0-9A-F]{2} at line \d+, column \d+/);
          strict.decode(b.subarray(0, r.offset)); // everything before it is UTF-8
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('parseJsonText: JSON.parse where it is JSON, else a refusal with line and column; never throws', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = parseJsonText(i);
        if (r.ok) return;
        expect(named(r.message)).toBe(true);
        expect(r.line).toBeGreaterThanOrEqual(1);
        expect(r.column).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS * 3 },
    );
    fc.assert(
      fc.property(fc.json({ maxDepth: 8 }), (j) => {
        const r = parseJsonText(j);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value).toEqual(JSON.parse(j));
      }),
      { numRuns: RUNS },
    );
  });

  it('the pipeline parser: a pipeline, or errors that each say what is wrong; never throws', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = parse(i, { pipelineDir: '' });
        for (const p of r.problems) expect(named(p.message), p.message).toBe(true);
        if (r.pipeline === null) expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('the config parser: valid, or invalid with the reason and the keys it keeps; never throws', () => {
    fc.assert(
      fc.property(fc.oneof(input, fc.dictionary(fc.constantFrom('recent_projects', 'default_parallelism', 'default_runner', 'image_aliases', 'package_index', 'docker_host', 'x'), fc.jsonValue({ maxDepth: 3 })).map((d) => JSON.stringify(d))), (i) => {
        const r = parseConfigText(i);
        if (r.kind === 'invalid') {
          expect(named(r.reason)).toBe(true);
          for (const k of r.resetKeys) expect(r.salvaged).not.toHaveProperty(k);
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('the file readers (environments, project settings, config, variables) name the problem and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, bytes, bytes, async (props, settings, vars) => {
        const root = await tempDir('orchest-fuzz-');
        const envDir = path.join(root, '.orchest/environments/e');
        await fs.mkdir(envDir, { recursive: true });
        await fs.writeFile(path.join(envDir, 'properties.json'), props);
        await fs.writeFile(path.join(root, '.orchest/project.json'), settings);
        await fs.writeFile(path.join(root, 'vars.json'), vars);
        await fs.writeFile(path.join(root, 'config.json'), props);
        const before = await snapshot(root);

        const envs = await listStored(root);
        expect(envs).toHaveLength(1);
        if (!envs[0]!.ok) expect(envs[0]!.problem).toMatch(/^\.orchest\/environments\/e\/properties\.json .*(untouched|editor)/);
        const ps = await readProjectSettings(root);
        if (ps.problem) expect(ps.problem).toMatch(/^\.orchest\/project\.json does not parse \(.+\); it is left untouched\.$/);
        const config = await readConfigFile(path.join(root, 'config.json'));
        if (config.kind === 'invalid') expect(named(config.reason)).toBe(true);
        await readVariableFile(path.join(root, 'vars.json'), root).catch((err: unknown) => {
          expect(err).toBeInstanceOf(CoreError);
          expect((err as CoreError).message).toMatch(/^The variables file .* (cannot be read|is not valid).*left untouched/s);
        });
        expect(changes(before, await snapshot(root))).toEqual([]);
        await fs.rm(root, { recursive: true, force: true });
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
