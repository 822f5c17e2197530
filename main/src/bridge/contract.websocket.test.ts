import http from 'node:http';
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { contractSuite } from '../core/testing/contract-suite.js';
import { createCore, type Core } from '../core/core.js';
import { startBridge, type Bridge } from './server.js';
import { connectWs } from './testing/ws-client.js';
import { contentSecurityPolicy } from '../common/csp.js';

contractSuite('the WebSocket bridge (web mode)', async ({ configDir, dataDir }) => {
  const core = await createCore({ configDir, dataDir, mode: 'test' });
  const staticDir = await mkdtemp(path.join(os.tmpdir(), 'orchest-static-'));
  const bridge = await startBridge({ core, staticDir, port: 0 });
  const client = await connectWs(bridge.url, bridge.token);
  return {
    ...client,
    async close() {
      await client.close();
      await bridge.close();
      await core.dispose();
      await rm(staticDir, { recursive: true, force: true });
    },
  };
});

describe('bridge security', () => {
  let tmp: string;
  let core: Core;
  let bridge: Bridge;
  const base = () => `http://127.0.0.1:${bridge.port}`;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-bridge-'));
    await mkdir(path.join(tmp, 'static'));
    await writeFile(path.join(tmp, 'static', 'index.html'), '<!doctype html><title>Orchest</title>');
    await writeFile(path.join(tmp, 'secret.txt'), 'do not serve');
    core = await createCore({ configDir: path.join(tmp, 'c'), dataDir: path.join(tmp, 'd'), mode: 'test' });
    bridge = await startBridge({ core, staticDir: path.join(tmp, 'static'), port: 0 });
  });
  afterAll(async () => {
    await bridge.close();
    await core.dispose();
    await rm(tmp, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 and prints a URL holding the token', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=${bridge.token}$`));
    expect(bridge.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses requests without the token (401) and serves the UI with it', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(bridge.url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<title>Orchest</title>');
    // The app's policy, plus this bridge's own WebSocket and nothing else.
    expect(ok.headers.get('content-security-policy')).toBe(contentSecurityPolicy([`ws://127.0.0.1:${bridge.port}`, `ws://localhost:${bridge.port}`]));
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${base()}/index.html`, { headers: { cookie } })).status).toBe(200);
  });

  it('does not serve files outside the UI folder', async () => {
    const r = await fetch(`${base()}/..%2Fsecret.txt?token=${bridge.token}`);
    expect(r.status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding), for pages and WebSockets alike, even with the token', async () => {
    const status = (host: string, extra: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: bridge.port, path: `/?token=${bridge.token}`, headers: { host, ...extra } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
    for (const host of ['evil.example', `evil.example:${bridge.port}`, `127.0.0.1.nip.io:${bridge.port}`, `127.0.0.1:${bridge.port + 1}`]) {
      expect(await status(host), host).toBe(421);
    }
    expect(await status(`localhost:${bridge.port}`)).toBe(200);
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws?token=${bridge.token}`, { headers: { host: `evil.example:${bridge.port}` } });
    const refused = await new Promise<number>((resolve) => ws.once('unexpected-response', (_q, res) => resolve(res.statusCode!)));
    expect(refused).toBe(421);
  });

  it('refuses a WebSocket without the token or from another Origin', async () => {
    await expect(connectWs(bridge.url, 'wrong')).rejects.toThrow(/401/);
    await expect(connectWs(bridge.url, bridge.token, 'http://evil.example')).rejects.toThrow(/403/);
    const same = await connectWs(bridge.url, bridge.token, `http://127.0.0.1:${bridge.port}`);
    expect((await same.call('app.info', {})).result).toBeTruthy();
    await same.close();
  });
});
