/**
 * The IPC adapter (electron/ipc.ts, with a fake ipcMain) in front of a real core, fuzzed with the
 * hostile arguments of tests/security/testing/hostile-args.ts for every contract method: each
 * call from the app page answers an envelope (never INTERNAL), the same calls from another frame
 * never reach the core, nothing outside the project changes, and no prototype is polluted.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorCodes } from '../main/src/api/errors.js';
import { METHOD_NAMES } from '../main/src/api/method-names.js';
import { createCore, type Core } from '../main/src/core/core.js';
import { tempDir } from '../main/src/pipeline/testing/fixtures.js';
import { changes, snapshot } from '../tests/support/fs-snapshot.js';
import { hostileArgs, type FuzzWorld } from '../tests/security/testing/hostile-args.js';

type Handler = (event: { senderFrame: { url: string } | null }, args: unknown) => Promise<unknown>;
const handlers = vi.hoisted(() => new Map<string, Handler>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));
const { registerIpc } = await import('./ipc.js');

const PER_METHOD = Number(process.env.ORCHEST_FUZZ_RUNS ?? 100);
const APP = { senderFrame: { url: 'orchest://app/index.html' } };
let core: Core;
let world: FuzzWorld;
let project: string;

beforeAll(async () => {
  project = await tempDir('orchest-ipc-fuzz-');
  const outside = await tempDir('orchest-ipc-outside-');
  await fs.writeFile(path.join(outside, 'secret.txt'), 'must stay');
  await fs.symlink(outside, path.join(project, 'out'));
  await fs.writeFile(path.join(project, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'p-1', steps: {} }));
  const configDir = await tempDir('orchest-ipc-config-');
  await fs.writeFile(path.join(configDir, 'config.json'), JSON.stringify({ docker_host: `unix://${configDir}/no-docker.sock` }));
  core = await createCore({ configDir, dataDir: await tempDir('orchest-ipc-data-'), mode: 'test', projectDir: project });
  world = { outside, linkOut: 'out' };
});
afterAll(async () => {
  await core.dispose();
});

describe('fuzzing the IPC adapter', () => {
  it(`answers ${PER_METHOD} hostile calls of every method from the app page with an envelope; other frames are refused`, async () => {
    const calls: string[] = [];
    const counting = { call: (m: string, a: unknown) => (calls.push(m), core.call(m, a)), subscribe: core.subscribe };
    const bridge = registerIpc({ core: counting, appUrl: 'orchest://app/index.html', targets: () => [] });
    const outsideBefore = await snapshot(world.outside);
    const internal: string[] = [];
    for (const method of METHOD_NAMES) {
      const handler = handlers.get(`core:${method}`)!;
      for (const args of fc.sample(hostileArgs(method, world), { numRuns: PER_METHOD, seed: 7 })) {
        const envelope = (await handler(APP, args)) as { result?: unknown; error?: { code: string; message: string } };
        expect('result' in envelope || 'error' in envelope, method).toBe(true);
        if (envelope.error) {
          expect(errorCodes, envelope.error.message).toContain(envelope.error.code);
          if (envelope.error.code === 'INTERNAL') internal.push(`${method}(${String(JSON.stringify(args)).slice(0, 200)}): ${envelope.error.message}`);
        }
        const before = calls.length;
        await expect(handler({ senderFrame: { url: 'https://evil.example/' } }, args)).rejects.toThrow(/not the Orchest page/);
        await expect(handler({ senderFrame: null }, args)).rejects.toThrow(/not the Orchest page/);
        expect(calls.length).toBe(before);
      }
      await core.call('project.open', { path: project });
    }
    expect(internal).toEqual([]);
    expect(changes(outsideBefore, await snapshot(world.outside))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    bridge.dispose();
  }, 300_000);
});
