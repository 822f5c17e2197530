import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('orchest serve (the real command)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-serve-'));
    await mkdir(path.join(tmp, 'project'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('prints one line with a 127.0.0.1 URL holding a token, and refuses requests without it', async () => {
    expect(existsSync(path.join(root, 'renderer/dist/index.html')), 'the UI must be built first: npm run build').toBe(true);
    const child = spawn(process.execPath, [path.join(root, 'bin/orchest.js'), 'serve', path.join(tmp, 'project'), '--port', '0'], {
      env: { ...process.env, HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data') },
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}`)), 20_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = out.match(/(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]+)/);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      });
      expect(out.trim().split('\n')).toHaveLength(1);
      const base = new URL(url);
      expect((await fetch(`${base.origin}/`)).status).toBe(401);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">|<script/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a port that is not a number with exit code 2', async () => {
    const child = spawn(process.execPath, [path.join(root, 'bin/orchest.js'), 'serve', '--port', 'abc'], { env: { ...process.env, HOME: tmp } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--port/);
  });
});
