/** `orchest engines list` through the real command (bin/orchest.js), with a temp HOME: config engines and a Docker context. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('orchest engines list', () => {
  it('lists local, the configured engines and the Docker contexts, and which one runs use', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-engines-'));
    try {
      await fs.mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
      await fs.writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ engines: { 'gpu-box': { host: 'ssh://me@gpu-box' } }, default_engine: 'gpu-box' }));
      const meta = path.join(home, '.docker', 'contexts', 'meta', createHash('sha256').update('lab').digest('hex'));
      await fs.mkdir(meta, { recursive: true });
      await fs.writeFile(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'lab', Endpoints: { docker: { Host: 'tcp://10.1.2.3:2376' } } }));
      await fs.writeFile(path.join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'lab' }));
      const { DOCKER_HOST: _h, DOCKER_CONTEXT: _c, DOCKER_CONFIG: _d, XDG_CONFIG_HOME: _x, ...env } = process.env;
      const { stdout } = await run(process.execPath, [path.join(repo, 'bin', 'orchest.js'), 'engines', 'list'], { env: { ...env, HOME: home } });
      const lines = stdout.split('\n');
      expect(lines[0]).toMatch(/^ENGINE\s+ADDRESS\s+FILES/);
      expect(lines.find((l) => l.startsWith('gpu-box'))).toMatch(/ssh:\/\/me@gpu-box\s+copied to the engine\s+\* in use/);
      expect(lines.find((l) => l.startsWith('context:lab'))).toMatch(/tcp:\/\/10\.1\.2\.3:2376\s+copied to the engine\s+\(docker context use\)/);
      expect(lines.find((l) => l.startsWith('local '))).toMatch(/this machine/);
      expect(stdout).toContain('Runs use gpu-box (ssh://me@gpu-box): default_engine in the config.');
      const withEnv = await run(process.execPath, [path.join(repo, 'bin', 'orchest.js'), 'engines', 'list', '--json'], { env: { ...env, HOME: home, DOCKER_HOST: 'tcp://127.0.0.1:1' } });
      expect((JSON.parse(withEnv.stdout) as { active: { source: string } }).active.source).toBe('DOCKER_HOST');
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  });
});
