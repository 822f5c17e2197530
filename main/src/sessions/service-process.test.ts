import { describe, expect, it } from 'vitest';
import { buildServiceContainerSpec } from '../docker/session-containers.js';
import { checkServices, type ServiceDefinition } from '../pipeline/services.js';
import { servicePath, serviceProcess } from './service-process.js';

const def = (service: Record<string, unknown>): ServiceDefinition => {
  const { services, problems } = checkServices({ services: { app: { image: 'img', ...service } } });
  expect(problems).toEqual([]);
  return services[0]!;
};
const base = { sessionId: 'abcd1234', session: 'interactive' as const, projectUuid: 'proj', pipelineUuid: 'pipe', pipelinePath: 'sub/p.orchest', variables: { TOKEN: 's3cret', OTHER: 'x' } };

describe('service process', () => {
  it('runs command with args split as a shell does, replacing $BASE_PATH_PREFIX', () => {
    const p = serviceProcess({ ...base, def: def({ command: 'bash', args: "-c 'streamlit run app.py --server.baseUrlPath=$BASE_PATH_PREFIX_8501'", preserve_base_path: true }) });
    expect(p.entrypoint).toEqual(['bash']);
    expect(p.cmd).toEqual(['-c', 'streamlit run app.py --server.baseUrlPath=pbp-service-app-abcd1234_8501']);
    expect(servicePath(def({ preserve_base_path: true }), 'abcd1234', 8501)).toBe('/pbp-service-app-abcd1234_8501/');
    expect(servicePath(def({}), 'abcd1234', 8501)).toBe('/');
  });

  it("keeps the image's own entrypoint and command when none is given; an old file's entrypoint takes command as arguments", () => {
    const plain = serviceProcess({ ...base, def: def({}) });
    expect(plain.entrypoint).toBeUndefined();
    expect(plain.cmd).toBeUndefined();
    const old = serviceProcess({ ...base, def: def({ entrypoint: 'bash', command: "-c 'echo hi'" }) });
    expect(old).toMatchObject({ entrypoint: ['bash'], cmd: ['-c', 'echo hi'] });
    expect(serviceProcess({ ...base, def: def({ args: '--port 80' }) })).toMatchObject({ cmd: ['--port', '80'] });
  });

  it('gives its own variables, the inherited ones over them, then the ORCHEST_* ones', () => {
    const p = serviceProcess({ ...base, def: def({ env_variables: { TOKEN: 'mine', A: 'b' }, env_variables_inherit: ['TOKEN', 'MISSING'], binds: { '/project-dir': '/src' } }) });
    expect(p.env).toEqual({
      TOKEN: 's3cret',
      A: 'b',
      ORCHEST_PROJECT_UUID: 'proj',
      ORCHEST_PIPELINE_UUID: 'pipe',
      ORCHEST_SESSION_UUID: 'abcd1234',
      ORCHEST_SESSION_TYPE: 'interactive',
      ORCHEST_PROJECT_DIR: '/src',
      ORCHEST_PIPELINE_PATH: '/src/sub/p.orchest',
      HOME: '/tmp',
      PYTHONUNBUFFERED: '1',
    });
  });

  it('makes a container with only the binds asked for, every port on 127.0.0.1, never privileged', () => {
    const spec = buildServiceContainerSpec({
      image: 'img',
      name: 'orchest-service-app-abcd1234',
      entrypoint: ['bash'],
      cmd: ['-c', 'x'],
      env: { A: 'b' },
      labels: { project: 'proj', pipeline: 'pipe', session: 'abcd1234', service: 'app' },
      owner: { pid: 1, host: 'h', instance: 'i' },
      user: '1000:1000',
      binds: [{ host: '/home/u/project', container: '/src' }],
      ports: [8501, 6006],
    });
    expect(spec).toMatchObject({ Image: 'img', Entrypoint: ['bash'], Cmd: ['-c', 'x'], Env: ['A=b'], User: '1000:1000', ExposedPorts: { '8501/tcp': {}, '6006/tcp': {} } });
    expect(spec.Labels).toMatchObject({ app: 'orchest-desktop', project: 'proj', pipeline: 'pipe', session: 'abcd1234', service: 'app', owner_pid: '1' });
    expect(spec.HostConfig).toEqual({
      Binds: ['/home/u/project:/src:rw'],
      PortBindings: { '8501/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }], '6006/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      Privileged: false,
    });
  });
});
