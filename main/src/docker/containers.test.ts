import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { buildContainerSpec, ContainerGoneError, createDemuxer, EngineLostError, liveSessionContainers, OWNER_INSTANCE, removeOrphanContainers, runContainer, type OutputStream, type StepContainerInput } from './containers.js';

const input: StepContainerInput = {
  image: 'orchest-test-py:latest',
  projectRoot: '/home/ada/proj',
  sharedDataDir: '/home/ada/.local/share/orchest/data',
  sdkDir: '/opt/orchest/resources/sdk',
  runnerDir: '/opt/orchest/resources/runner',
  pipelineDir: 'pipelines/etl',
  cmd: ['python3', '/orchest/runner/run_step.py', 'load.ipynb'],
  env: { ORCHEST_STEP_UUID: 's1', HOME: '/tmp' },
  labels: { project: 'proj-uuid', pipeline: 'pipe-uuid', run: 'run-1', step: 's1' },
  owner: { pid: 4242, host: 'laptop', instance: 'inst-1' },
  user: '1000:1000',
  gpu: false,
  name: 'orchest-s1-run1',
};

describe('buildContainerSpec', () => {
  it('mounts the project rw at /project-dir, /data, and the SDK and runner read-only', () => {
    const spec = buildContainerSpec(input);
    expect(spec.HostConfig?.Binds).toEqual([
      '/home/ada/proj:/project-dir:rw',
      '/home/ada/.local/share/orchest/data:/data:rw',
      '/opt/orchest/resources/sdk:/orchest/sdk:ro',
      '/opt/orchest/resources/runner:/orchest/runner:ro',
    ]);
    expect(spec.WorkingDir).toBe('/project-dir/pipelines/etl');
    expect(spec.Image).toBe('orchest-test-py:latest');
    expect(spec.Cmd).toEqual(input.cmd);
    expect(spec.Env).toEqual(['ORCHEST_STEP_UUID=s1', 'HOME=/tmp']);
    expect(spec.User).toBe('1000:1000');
    expect(spec.Tty).toBe(false);
    expect(spec.HostConfig?.DeviceRequests).toBeUndefined();
  });

  it('labels the container with app, project, pipeline, run, step and its owner process', () => {
    expect(buildContainerSpec(input).Labels).toEqual({
      app: 'orchest-desktop',
      project: 'proj-uuid',
      pipeline: 'pipe-uuid',
      run: 'run-1',
      step: 's1',
      owner_pid: '4242',
      owner_host: 'laptop',
      owner_instance: 'inst-1',
    });
  });

  it('limits CPU and memory (without extra swap) when the step has limits, and nothing otherwise', () => {
    const spec = buildContainerSpec({ ...input, limits: { nanoCpus: 1_500_000_000, memoryBytes: 2 ** 31 } });
    expect(spec.HostConfig).toMatchObject({ NanoCpus: 1_500_000_000, Memory: 2 ** 31, MemorySwap: 2 ** 31 });
    const none = buildContainerSpec(input).HostConfig!;
    expect(none).not.toHaveProperty('NanoCpus');
    expect(none).not.toHaveProperty('Memory');
  });

  it('asks for every GPU when the environment has GPU support', () => {
    const spec = buildContainerSpec({ ...input, gpu: true });
    expect(spec.HostConfig?.DeviceRequests).toEqual([{ Driver: '', Count: -1, Capabilities: [['gpu']] }]);
  });

  it('a pipeline at the project root works in /project-dir; no user on non-Linux', () => {
    const { user: _user, ...rest } = input;
    const spec = buildContainerSpec({ ...rest, pipelineDir: '' });
    expect(spec.WorkingDir).toBe('/project-dir');
    expect(spec).not.toHaveProperty('User');
  });
});

function frame(type: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = type;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('createDemuxer', () => {
  it('splits stdout and stderr frames, also when a frame is cut across chunks', async () => {
    const all = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n')]);
    // cut into 3-byte chunks: headers and bodies split everywhere
    const chunks: Buffer[] = [];
    for (let i = 0; i < all.length; i += 3) chunks.push(all.subarray(i, i + 3));
    const got: Array<[OutputStream, string]> = [];
    await pipeline(
      Readable.from(chunks),
      createDemuxer({
        write(stream, chunk) {
          got.push([stream, chunk.toString()]);
          return undefined;
        },
      }),
    );
    const joined = (s: OutputStream) => got.filter(([k]) => k === s).map(([, t]) => t).join('');
    expect(joined('stdout')).toBe('out one\nout two\n');
    expect(joined('stderr')).toBe('err one\n');
  });

  it('waits for a slow sink before taking more (backpressure)', async () => {
    const frames = Array.from({ length: 20 }, (_, i) => frame(1, `line ${i}\n`));
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    await pipeline(
      Readable.from(frames),
      createDemuxer({
        write(_stream, chunk) {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          return new Promise<void>((r) =>
            setTimeout(() => {
              order.push(chunk.toString());
              inFlight--;
              r();
            }, 1),
          );
        },
      }),
    );
    expect(maxInFlight).toBe(1);
    expect(order).toEqual(frames.map((_, i) => `line ${i}\n`));
  });
});

describe('removeOrphanContainers', () => {
  // Pure selection logic over a listed set; the real clean-up is covered by the Docker integration test.
  function fakeDocker(containers: Array<{ Id: string; Labels: Record<string, string>; Names?: string[] }>) {
    const removed: string[] = [];
    const docker = {
      listContainers: async () => containers,
      getContainer: (id: string) => ({
        remove: async (opts: { abortSignal?: AbortSignal }) => {
          if (id.startsWith('stuck')) {
            // A container a wedged engine never removes: only the timeout ends the wait.
            await new Promise((_, reject) => opts.abortSignal?.addEventListener('abort', () => reject(new Error('aborted'))));
          }
          removed.push(id);
        },
      }),
    } as unknown as Docker;
    return { docker, removed };
  }
  const labels = (run: string, pid: number, host = 'here', instance: string = OWNER_INSTANCE) => ({ app: 'orchest-desktop', run, owner_pid: String(pid), owner_host: host, owner_instance: instance });

  it('removes containers of dead owners and of finished runs of this instance; spares live apps, sibling instances and other hosts', async () => {
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default: never alive
    const { docker, removed } = fakeDocker([
      { Id: 'crashed', Labels: labels('r1', deadPid) },
      { Id: 'mine-active', Labels: labels('r2', process.pid) },
      { Id: 'mine-finished', Labels: labels('r3', process.pid) },
      { Id: 'sibling-thread', Labels: labels('r7', process.pid, 'here', 'another-instance') },
      { Id: 'other-live-app', Labels: labels('r4', process.ppid) },
      { Id: 'other-host', Labels: labels('r5', deadPid, 'elsewhere') },
      { Id: 'unlabelled-owner', Labels: { app: 'orchest-desktop', run: 'r6' } },
    ]);
    const ids = await removeOrphanContainers(docker, (run) => run === 'r2', 'here');
    expect(ids.sort()).toEqual(['crashed', 'mine-finished', 'unlabelled-owner']);
    expect(removed.sort()).toEqual(ids.sort());
  });

  it("spares this instance's live Jupyter servers; removes its stopped ones and dead apps' ones", async () => {
    const deadPid = 2 ** 22 + 12345;
    const session = (name: string, pid: number) => ({ Id: name, Names: [`/${name}`], Labels: { app: 'orchest-desktop', session: name, owner_pid: String(pid), owner_host: 'here', owner_instance: OWNER_INSTANCE } });
    const { docker } = fakeDocker([session('live', process.pid), session('stopped', process.pid), session('crashed', deadPid)]);
    liveSessionContainers.add('live');
    try {
      expect((await removeOrphanContainers(docker, () => false, 'here')).sort()).toEqual(['crashed', 'stopped']);
    } finally {
      liveSessionContainers.delete('live');
    }
  });

  it('gives up on a removal the engine never finishes, and does not report it as removed', async () => {
    const deadPid = 2 ** 22 + 12345;
    const { docker } = fakeDocker([
      { Id: 'crashed', Labels: labels('r1', deadPid) },
      { Id: 'stuck', Labels: labels('r2', deadPid) },
    ]);
    expect(await removeOrphanContainers(docker, () => false, 'here', 50)).toEqual(['crashed']);
  });
});

describe('runContainer (control flow; the Docker integration tests run real containers)', () => {
  function fakeEngine(wait: () => Promise<unknown>, hangOnStart = false) {
    const calls: string[] = [];
    let releaseRemoval!: () => void;
    const removal = new Promise<void>((r) => (releaseRemoval = r));
    const container = {
      attach: async () => {
        calls.push('attach');
        return Readable.from([frame(1, 'hello\n')]);
      },
      start: async (opts: { abortSignal?: AbortSignal }) => {
        calls.push('start');
        if (!hangOnStart) return;
        await new Promise((_, reject) => opts.abortSignal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
      },
      wait: async (opts: { condition?: string }) => {
        calls.push(`wait:${opts.condition}`);
        return wait();
      },
      inspect: async () => ({ State: { Running: false, ExitCode: 0 } }),
      kill: async () => void calls.push('kill'),
      remove: async () => {
        calls.push('remove');
        await removal;
        calls.push('removed');
      },
    };
    const docker = { createContainer: async () => container } as unknown as Docker;
    return { docker, calls, releaseRemoval };
  }
  const sink = () => {
    const out: string[] = [];
    return { out, sink: { write: (_s: OutputStream, c: Buffer) => void out.push(c.toString()) } };
  };

  it('takes the exit code from one wait for the next exit asked before the start, and hands the removal over instead of waiting for it', async () => {
    const { docker, calls, releaseRemoval } = fakeEngine(async () => ({ StatusCode: 3 }));
    const { out, sink: s } = sink();
    let removed: Promise<void> | undefined;
    const result = await runContainer(docker, {}, s, new AbortController().signal, { onRemoval: (p) => (removed = p) });
    expect(result).toEqual({ exitCode: 3, aborted: false });
    expect(out).toEqual(['hello\n']);
    expect(calls).toEqual(['attach', 'wait:next-exit', 'start', 'remove']); // returned while the removal goes on
    releaseRemoval();
    await removed;
    expect(calls.at(-1)).toBe('removed');
  });

  it('without onRemoval it returns only once the container is removed', async () => {
    const { docker, calls, releaseRemoval } = fakeEngine(async () => ({ StatusCode: 0 }));
    const pending = runContainer(docker, {}, sink().sink, new AbortController().signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.at(-1)).toBe('remove');
    releaseRemoval();
    expect(await pending).toEqual({ exitCode: 0, aborted: false });
    expect(calls.at(-1)).toBe('removed');
  });

  it('a container removed from outside fails its step with that reason, not as a lost engine', async () => {
    const { docker, releaseRemoval } = fakeEngine(async () => {
      throw Object.assign(new Error('no such container'), { statusCode: 404 });
    });
    releaseRemoval();
    await expect(runContainer(docker, {}, sink().sink, new AbortController().signal)).rejects.toBeInstanceOf(ContainerGoneError);
  });

  it('a start that never returns (a wedged engine) ends as a lost engine, not a step hanging forever', async () => {
    const { docker, calls, releaseRemoval } = fakeEngine(async () => ({ StatusCode: 0 }), true);
    releaseRemoval();
    const err = await runContainer(docker, {}, sink().sink, new AbortController().signal, { startTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineLostError);
    expect((err as Error).message).toContain('did not start the step\'s container within 0.05 s');
    expect(calls).toContain('remove');
  });
});
