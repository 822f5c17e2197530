import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function lintText(text: string, file: string) {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(text, { filePath: path.join(root, file) });
  return result!.messages.map((m) => m.message);
}

// The lint rules that keep the layers apart (architecture.md) must actually fire.
describe('layering lint rules', () => {
  it('refuses electron in the core', async () => {
    expect((await lintText("import { app } from 'electron';\nexport const a = app;\n", 'main/src/x.ts')).join()).toMatch(/Only electron/);
  });
  it('refuses runtime imports of main/ from the renderer, but allows contract types', async () => {
    const bad = await lintText("import { createCore } from '../../main/src/core/core.js';\nexport const c = createCore;\n", 'renderer/src/x.ts');
    expect(bad.join()).toMatch(/only types/);
    const runtimeApi = await lintText("import { methods } from '../../main/src/api/contract.js';\nexport const m = methods;\n", 'renderer/src/x.ts');
    expect(runtimeApi.join()).toMatch(/Import only types/);
    const ok = await lintText("import type { Pipeline } from '../../main/src/api/pipeline.js';\nimport { findCycle } from '../../main/src/common/graph.js';\nexport type P = Pipeline;\nexport const f = findCycle;\n", 'renderer/src/x.ts');
    expect(ok).toEqual([]);
  });
  it('refuses Node modules in the renderer', async () => {
    expect((await lintText("import fs from 'node:fs';\nexport const f = fs;\n", 'renderer/src/x.ts')).join()).toMatch(/browser/);
  });
  it('passes on the whole tree', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['main', 'renderer/src', 'electron']);
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`));
    expect(errors).toEqual([]);
  }, 120_000);
});
