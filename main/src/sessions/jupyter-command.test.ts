import { describe, expect, it } from 'vitest';
import { buildSessionContainerSpec } from '../docker/session-containers.js';
import { flavorFromOutput, jupyterCommand, jupyterUrl, noJupyterMessage } from './jupyter-command.js';

describe('jupyterUrl', () => {
  const base = 'http://127.0.0.1:49153/';
  it('opens a notebook in JupyterLab or the classic server, path segments encoded, token included', () => {
    expect(jupyterUrl(base, 'lab', 'abc', 'my notebooks/explore #1.ipynb')).toBe('http://127.0.0.1:49153/lab/tree/my%20notebooks/explore%20%231.ipynb?token=abc');
    expect(jupyterUrl(base, 'notebook', 'abc', 'a/b.ipynb')).toBe('http://127.0.0.1:49153/notebooks/a/b.ipynb?token=abc');
    expect(jupyterUrl(base, 'notebook', 'abc', 'a/b.py')).toBe('http://127.0.0.1:49153/edit/a/b.py?token=abc');
  });
  it('without a notebook: the file browser', () => {
    expect(jupyterUrl(base, 'lab', 't', '')).toBe(`${base}lab?token=t`);
    expect(jupyterUrl(base, 'notebook', 't', '')).toBe(`${base}tree?token=t`);
  });
});

describe('jupyterCommand', () => {
  it('prefers JupyterLab, falls back to the classic server, says when there is none', () => {
    const [sh, flag, script] = jupyterCommand(8888);
    expect([sh, flag]).toEqual(['sh', '-c']);
    expect(script!.indexOf('exec jupyter-lab')).toBeLessThan(script!.indexOf('exec jupyter-notebook'));
    expect(script).toContain('--port=8888');
    expect(script).not.toContain('token'); // JUPYTER_TOKEN: never on a command line `ps` shows
  });
  it('reads which server started from its first line', () => {
    expect(flavorFromOutput('orchest-jupyter: lab\n[I ServerApp] ...')).toBe('lab');
    expect(flavorFromOutput('orchest-jupyter: none\n')).toBe('none');
    expect(flavorFromOutput('')).toBeUndefined();
  });
  it('the no-Jupyter message names the image and the commands that give one', () => {
    const m = noJupyterMessage('orchest-test-py:latest');
    expect(m).toContain('"orchest-test-py:latest" has no Jupyter server');
    expect(m).toContain('orchest image build-offline NAME --pip jupyterlab');
  });
});

describe('buildSessionContainerSpec', () => {
  it('mounts like a step, publishes its port on 127.0.0.1 only, labels the session and its owner', () => {
    const spec = buildSessionContainerSpec({
      image: 'img',
      name: 'orchest-jupyter-x',
      cmd: ['sh'],
      env: { A: '1' },
      labels: { project: 'p', session: 'orchest-jupyter-x' },
      owner: { pid: 7, host: 'h', instance: 'i' },
      user: '1000:1000',
      projectRoot: '/home/ada/proj',
      sharedDataDir: '/d',
      sdkDir: '/sdk',
      runnerDir: '/runner',
      gpu: false,
      port: 8888,
    });
    expect(spec.HostConfig?.Binds).toEqual(['/home/ada/proj:/project-dir:rw', '/d:/data:rw', '/sdk:/orchest/sdk:ro', '/runner:/orchest/runner:ro']);
    expect(spec.HostConfig?.PortBindings).toEqual({ '8888/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(spec.Labels).toEqual({ app: 'orchest-desktop', project: 'p', session: 'orchest-jupyter-x', owner_pid: '7', owner_host: 'h', owner_instance: 'i' });
    expect(spec.WorkingDir).toBe('/project-dir');
    expect(spec.User).toBe('1000:1000');
  });
});
