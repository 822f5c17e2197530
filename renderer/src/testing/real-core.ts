/**
 * Test support: the real core (main/src/core) in this process, behind the renderer's own client,
 * with temp config and data folders and a temp project. Store tests use it where they test the
 * core's rules (saves and conflicts, run refusals, refused deletes), so no fake restates them.
 * Only test files and testing/ folders may import main/src like this (eslint.config.js).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { createCore, type Core } from '../../../main/src/core/core.js';
import { createConnectionSource } from '../client/connection-state.js';
import { createCoreClient, type CoreClient, type RendererTransport } from '../client/core-client.js';

export interface RealCore {
  core: Core;
  /** The renderer's client over an in-process transport (answers and events copied, as IPC does). */
  client: CoreClient;
  /** The project folder. */
  root: string;
  write(rel: string, content: string | object): Promise<void>;
  read(rel: string): Promise<string>;
  dispose(): Promise<void>;
}

export interface RealCoreOptions {
  /** Project files, relative path -> text (objects are written as JSON). */
  files: Record<string, string | object | Pipeline>;
  /** config.json of the temp config folder. */
  config?: Record<string, unknown>;
}

export async function startRealCore({ files, config }: RealCoreOptions): Promise<RealCore> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-renderer-'));
  const root = path.join(tmp, 'project');
  const configDir = path.join(tmp, 'config');
  const dataDir = path.join(tmp, 'data');
  await mkdir(root, { recursive: true });
  await mkdir(configDir, { recursive: true });
  const write = async (rel: string, content: string | object) => {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 4));
  };
  for (const [rel, content] of Object.entries(files)) await write(rel, content);
  if (config) await writeFile(path.join(configDir, 'config.json'), JSON.stringify(config));

  const core = await createCore({ configDir, dataDir, mode: 'test', projectDir: root });
  const transport: RendererTransport = {
    connection: createConnectionSource('open'),
    invoke: async (method, args) => structuredClone(await core.call(method, args)),
    subscribe: (listener) => core.subscribe((event, payload) => listener(event, structuredClone(payload))),
  };
  return {
    core,
    client: createCoreClient(transport),
    root,
    write,
    read: (rel) => readFile(path.join(root, rel), 'utf8'),
    async dispose() {
      await core.dispose();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}
