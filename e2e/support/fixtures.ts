import { test as base, expect } from '@playwright/test';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PipelineEditor } from '../pages/editor.js';
import { makeHome, removeDir, serve, type Served } from './serve.js';

export interface PipelineSpec {
  folder: string;
  name: string;
  steps?: Record<string, { title: string; file: string; parents?: string[]; position?: [number, number] }>;
}

/** Write a temp project: pipelines in the folder layout, plus any files. */
export async function makeProject(pipelines: PipelineSpec[], files: Record<string, string> = {}): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-project-'));
  for (const p of pipelines) {
    await mkdir(path.join(root, p.folder, '.orchest'), { recursive: true });
    const steps = Object.fromEntries(
      Object.entries(p.steps ?? {}).map(([uuid, s], i) => [
        uuid,
        {
          uuid,
          title: s.title,
          file_path: s.file,
          incoming_connections: s.parents ?? [],
          kernel: { name: 'python', display_name: 'Python 3' },
          parameters: {},
          meta_data: { hidden: false, position: s.position ?? [100 + i * 250, 150] },
        },
      ]),
    );
    const def = { name: p.name, uuid: `uuid-${p.name}`, version: '1.0.0', settings: {}, parameters: {}, steps };
    await writeFile(path.join(root, p.folder, '.orchest', 'pipeline.json'), JSON.stringify(def, null, 4) + '\n');
  }
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

interface Fixtures {
  home: string;
  /** Start `orchest serve` on a project (or none) with this test's HOME (and `env`), and open the page. */
  openApp: (project?: string, env?: Record<string, string>) => Promise<{ editor: PipelineEditor; served: Served }>;
}

export const test = base.extend<Fixtures>({
  home: async ({}, use) => {
    const home = await makeHome();
    await use(home);
    await removeDir(home);
  },
  openApp: async ({ page, home }, use) => {
    const started: Served[] = [];
    await use(async (project, env) => {
      const served = await serve(project, home, env);
      started.push(served);
      await page.goto(served.url);
      return { editor: new PipelineEditor(page), served };
    });
    for (const s of started) await s.stop();
  },
});

export { expect };
