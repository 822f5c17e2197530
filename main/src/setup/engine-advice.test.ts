import { describe, expect, it } from 'vitest';
import { engineProblem, type EngineFacts } from './engine-advice.js';

const facts = (over: Partial<EngineFacts> = {}): EngineFacts => ({
  host: '/var/run/docker.sock',
  code: 'ENOENT',
  reason: 'connect ENOENT /var/run/docker.sock',
  installed: true,
  platform: 'linux',
  configPath: '/home/u/.config/orchest/config.json',
  ...over,
});

describe('engineProblem', () => {
  it('installed but not running: how to start it, and where to point elsewhere', () => {
    const p = engineProblem(facts());
    expect(p.kind).toBe('not-running');
    expect(p.message).toContain('/var/run/docker.sock');
    expect(p.hint).toContain('sudo systemctl start docker');
    expect(p.hint).toContain('"docker_host" in /home/u/.config/orchest/config.json');
  });

  it('not installed: how to install it', () => {
    expect(engineProblem(facts({ installed: false }))).toMatchObject({ kind: 'not-installed', hint: expect.stringContaining('sudo apt-get install -y docker.io') });
    expect(engineProblem(facts({ installed: false, platform: 'darwin' })).hint).toContain('Docker Desktop');
  });

  it('permission denied: the docker group', () => {
    expect(engineProblem(facts({ code: 'EACCES' }))).toMatchObject({ kind: 'permission', hint: expect.stringContaining('usermod -aG docker') });
  });

  it('a remote engine is never "not installed"', () => {
    const p = engineProblem(facts({ host: 'tcp://10.0.0.5:2375', installed: false, code: 'ECONNREFUSED', reason: 'connect ECONNREFUSED' }));
    expect(p.kind).toBe('unreachable');
    expect(p.message).toContain('tcp://10.0.0.5:2375');
  });
});
