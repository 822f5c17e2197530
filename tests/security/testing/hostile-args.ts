/**
 * Arguments a hostile or broken client may send, for every method of the contract: anything at
 * all, and objects carrying the method's own argument names filled with hostile values (paths
 * leaving the project, Windows paths, links out, injection strings, huge and deep values,
 * prototype keys). Shared by the WebSocket and the IPC fuzzers.
 */
import fc from 'fast-check';
import * as z from 'zod';
import { methods, type MethodName } from '../../../main/src/api/contract.js';

export interface FuzzWorld {
  /** A folder outside the project holding secret.txt; nothing may touch it. */
  outside: string;
  /** The project's name for a link inside it pointing at `outside`. */
  linkOut: string;
}

/**
 * Config keys the fuzzer leaves alone, and why: `editor` and `external_editor` name a program that
 * files.openInEditor runs (by design, the user's editor); `docker_host` and `package_index`
 * name hosts the app connects to, and tests reach no address but 127.0.0.1.
 */
export const UNFUZZED_CONFIG_KEYS = ['editor', 'external_editor', 'docker_host', 'package_index'] as const;

/**
 * Methods whose job is to start a program: files.openInEditor opens a project file in the user's
 * editor or the system's default application. Where its path may point is path-refusal.test.ts's.
 */
export const PROGRAM_STARTING_METHODS: readonly string[] = ['files.openInEditor'];

export function hostileStrings(w: FuzzWorld): string[] {
  return [
    '../../../../../../etc/passwd',
    `${w.outside}/secret.txt`,
    w.outside,
    `${w.linkOut}/secret.txt`,
    `${w.linkOut}/new.orchest`,
    `${w.linkOut}/x/.orchest/pipeline.json`,
    w.linkOut,
    'a/../../outside.orchest',
    '..',
    '.',
    '/',
    'C:\\..\\..\\Windows\\win.ini',
    'C:/Windows/win.ini',
    '\\\\server\\share\\p.orchest',
    '..\\..\\outside.orchest',
    'sub\\..\\..\\x.py',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'file:///etc/passwd',
    'x\u0000.orchest',
    '$(touch /tmp/orchest-pwned)',
    '`touch /tmp/orchest-pwned`',
    '; touch /tmp/orchest-pwned #',
    '| touch /tmp/orchest-pwned',
    '--help',
    '-rf',
    '__proto__',
    'constructor',
    'prototype',
    '<img src=x onerror=alert(1)>',
    '\u202egnp.exe',
    'p.orchest',
    '.orchest/pipeline.json',
    'x'.repeat(5000),
    '',
  ];
}

const deep = (n: number): unknown => {
  let v: unknown = 0;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

export function hostileValue(w: FuzzWorld): fc.Arbitrary<unknown> {
  const strings = hostileStrings(w);
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...strings) },
    { weight: 1, arbitrary: fc.constantFrom(-1, 0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -0.5, null, true, false) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(deep(2000), JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }, Array(1000).fill('a')) },
    { weight: 2, arbitrary: fc.anything({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...strings), { maxLength: 4 }) },
  );
}

/** The argument names of a method (its schema's object shape), when it has one. */
function argKeys(method: MethodName): string[] {
  const schema = methods[method].args as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Nested keys worth filling for the methods that take objects (a pipeline, an env, a patch). */
const NESTED: Partial<Record<MethodName, Record<string, string[]>>> = {
  'pipeline.save': { pipeline: ['name', 'uuid', 'steps', 'parameters', 'settings'] },
  'env.save': { env: ['uuid', 'name', 'language', 'base_image', 'gpu_support', 'setup_script'] },
  'config.update': { patch: ['recent_projects', 'default_parallelism', 'image_aliases', 'default_runner', 'default_image', 'x'] },
};

/** A step whose file path is hostile, for pipeline.save. */
function hostileSteps(w: FuzzWorld): fc.Arbitrary<unknown> {
  return fc.constantFrom(...hostileStrings(w)).map((fp) => ({ s: { uuid: 's', title: 's', file_path: fp, incoming_connections: [], parameters: {}, meta_data: {} } }));
}

/**
 * project.open opens whatever folder the user names (the "Open folder" field): that it may is the
 * feature, so it gets paths that are no folder (missing, a file, relative, Windows, NUL, huge).
 */
function openPaths(w: FuzzWorld): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>(`${w.outside}/secret.txt`, `${w.outside}/missing`, 'relative/dir', 'C:\\Users', '\\\\server\\share', 'x\u0000y', 'x'.repeat(5000), '', 42, null, ['/']);
}

export function hostileArgs(method: MethodName, w: FuzzWorld): fc.Arbitrary<unknown> {
  if (method === 'project.open') return fc.oneof(fc.record({ path: openPaths(w) }, { requiredKeys: [] }), fc.anything({ maxDepth: 2 }));
  const value = hostileValue(w);
  const keys = argKeys(method);
  const nested = NESTED[method] ?? {};
  const field = (k: string): fc.Arbitrary<unknown> => {
    const inner = nested[k];
    if (!inner) return value;
    return fc.record(Object.fromEntries(inner.map((ik) => [ik, ik === 'steps' ? fc.oneof(hostileSteps(w), value) : value])), { requiredKeys: [] });
  };
  const shaped = keys.length ? fc.record(Object.fromEntries(keys.map((k) => [k, field(k)])), { requiredKeys: [] }) : fc.constant({});
  return fc.oneof({ weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) }, { weight: 4, arbitrary: shaped });
}
