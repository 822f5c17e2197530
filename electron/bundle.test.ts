import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../main/src/api/method-names.js';

type BuildOptions = Record<string, unknown> & { outdir: string };
type BuildResult = { outputFiles: { path: string; text: string }[]; warnings: { text: string }[] };
interface BuildModule {
  mainBuildOptions: BuildOptions;
  preloadBuildOptions: BuildOptions;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function bundle(which: keyof BuildModule): Promise<{ code: string; outdir: string; warnings: string[] }> {
  const { build } = (await import('esbuild')) as unknown as { build(o: BuildOptions): Promise<BuildResult> };
  const options = ((await import(pathToFileURL(path.join(root, 'electron/build.mjs')).href)) as BuildModule)[which];
  const result = await build({ ...options, write: false, sourcemap: false });
  const js = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
  return { code: js!.text, outdir: options.outdir, warnings: result.warnings.map((w) => w.text) };
}

describe('preload bundle (what the sandbox loads)', () => {
  it("requires nothing but 'electron' and exposes one function per method", async () => {
    const { code } = await bundle('preloadBuildOptions');
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));

    // Run it as Electron's sandboxed preload would: CommonJS with a require that knows only 'electron'.
    let exposed: Record<string, unknown> = {};
    const electron = {
      contextBridge: { exposeInMainWorld: (_key: string, api: Record<string, unknown>) => (exposed = api) },
      ipcRenderer: { invoke: async () => ({ result: null }), on: () => {}, removeListener: () => {} },
    };
    const module = { exports: {} };
    const sandboxRequire = (name: string) => {
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return electron;
    };
    vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, {})(sandboxRequire, module, module.exports);
    expect(Object.keys(exposed).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
  });
});

describe('main bundle', () => {
  it('leaves out only Node built-ins, electron and production dependencies', async () => {
    const { code, warnings } = await bundle('mainBuildOptions');
    expect(warnings.filter((w) => w.includes('import.meta'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const allowed = new Set([...builtinModules, 'electron', ...Object.keys(pkg.dependencies)]);
    const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    const external = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!.replace(/^node:/, '')))];
    // A devDependency here would work in a checkout and break in the packaged app.
    expect(external.filter((spec) => !allowed.has(packageOf(spec)))).toEqual([]);
  });

  it('points every former import.meta at the real source file', async () => {
    const { code, outdir } = await bundle('mainBuildOptions');
    const refs = [...code.matchAll(/__orchestSource(?:Url|Path)\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0); // main/src/core/version.ts reads package.json this way
    for (const rel of refs) expect(existsSync(path.resolve(outdir, rel)), rel).toBe(true);
  });
});
