/**
 * The renderer's setup store against the real in-process core (here, not beside the store: the
 * renderer may not import the core), with the config's docker_host on a socket
 * nothing listens on: what the banner and status bar get when Docker is not running.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/src/core/core.js';
import { createConnectionSource } from '../../renderer/src/client/connection-state.js';
import { createCoreClient } from '../../renderer/src/client/core-client.js';
import { createSetupStore, type SetupStore } from '../../renderer/src/setup/setup-store.js';

let dir: string;
let core: Core;
let store: SetupStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'orchest-setup-store-'));
  await mkdir(path.join(dir, 'config'));
  await writeFile(path.join(dir, 'config', 'config.json'), JSON.stringify({ docker_host: path.join(dir, 'no-docker.sock'), default_image: 'orchest-store-test:1' }));
  core = await createCore({ configDir: path.join(dir, 'config'), dataDir: path.join(dir, 'data'), mode: 'test' });
  const client = createCoreClient({ invoke: (m, a) => core.call(m, a), subscribe: (l) => core.subscribe(l), connection: createConnectionSource('open') });
  store = createSetupStore(client);
});

afterEach(async () => {
  store.getState().actions.dispose();
  await core.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('setup store, Docker not running', () => {
  it('the engine is unreachable, with what to do; the default image is unknown', async () => {
    await store.getState().actions.refresh();
    const engine = store.getState().engine!;
    expect(engine.reachable).toBe(false);
    expect(engine.problem).toMatchObject({ kind: 'not-running' });
    expect(engine.problem!.message).toContain(path.join(dir, 'no-docker.sock'));
    expect(engine.defaultImage).toEqual({ name: 'orchest-store-test:1', present: null });
  });

  it('"Build default image" is refused with the same reason, and nothing is building', async () => {
    await store.getState().actions.build();
    expect(store.getState().startError).toMatch(/Docker is not running: nothing answers at .*no-docker\.sock/);
    expect(store.getState().build?.status).not.toBe('BUILDING');
  });
});
