import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../main/src/api/setup.js';
import { statusBarItems } from './status-bar-items.js';

const up: EngineStatus = {
  reachable: true,
  host: '/var/run/docker.sock',
  version: '20.10.24',
  os: 'linux',
  arch: 'amd64',
  defaultImage: { name: 'orchest-py:latest', present: true },
  runner: 'docker',
  setup: { status: 'NONE', image: 'orchest-py:latest' },
};

describe('statusBarItems', () => {
  it('engine version, runner, project', () => {
    const [engine, runner, project] = statusBarItems(up, 'docker', { name: 'hello', root: '/home/u/hello' });
    expect(engine).toMatchObject({ text: 'Docker 20.10.24', title: 'Docker engine 20.10.24 (linux/amd64) at /var/run/docker.sock', tone: 'ok' });
    expect(runner).toMatchObject({ text: 'Docker runner' });
    expect(project).toMatchObject({ text: 'hello', title: '/home/u/hello' });
  });

  it('Docker not reachable, the local runner, no project', () => {
    const down: EngineStatus = { ...up, reachable: false, problem: { kind: 'not-running', message: 'Docker is not running.', hint: 'Start it.' } };
    const [engine, runner, project] = statusBarItems(down, 'local', null);
    expect(engine).toMatchObject({ text: 'Docker not reachable', title: 'Docker is not running. Start it.', tone: 'warning' });
    expect(runner).toMatchObject({ text: 'Local runner (not isolated)', tone: 'warning' });
    expect(project.text).toBe('No project open');
  });

  it('with runs on another engine, the Docker item is this machine\'s, where Jupyter runs', () => {
    const [engine] = statusBarItems(up, 'docker', null, 'gpu-box');
    expect(engine).toMatchObject({ text: 'Local Docker 20.10.24', tone: 'ok' });
    expect(engine!.title).toContain('runs use gpu-box; Jupyter and the interactive services run on this machine');
  });

  it('before the first answer', () => {
    expect(statusBarItems(null, null, null)[0]!.text).toBe('Docker: checking…');
  });
});
