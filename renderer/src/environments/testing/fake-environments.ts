/**
 * Test support: the env.* methods in memory on top of FakeCore (pipelines, project), with builds
 * the test drives step by step through 'env.build' events, as the real core streams them.
 */
import type { Args, EventName, MethodName, Result } from '../../../../main/src/api/contract.js';
import type { BuildEvent, BuildStatus, EnvironmentInfo } from '../../../../main/src/api/environments.js';
import type { Envelope, ErrorCode } from '../../../../main/src/api/errors.js';
import { ClientError } from '../../client/client-error.js';
import { createCoreClient, type CoreClient } from '../../client/core-client.js';
import { CoreError, type FakeCore } from '../../testing/fake-core.js';

const EVENTS: EventName[] = ['project.changed', 'pipeline.changed', 'run.updated', 'run.log', 'env.build', 'env.changed'];

interface RunningBuild {
  finish: (status: Extract<BuildStatus, 'SUCCESS' | 'FAILURE' | 'ABORTED'>, message?: string) => void;
}

export class FakeEnvironments {
  readonly envs = new Map<string, EnvironmentInfo>();
  readonly logs = new Map<string, string>();
  private readonly running = new Map<string, RunningBuild>();
  private nextId = 1;
  /** Resolve env.readBuildLog only when this promise resolves (to stream events mid-read). */
  readGate: Promise<void> | null = null;
  /** env.readBuildLog calls that have read the file. */
  readCount = 0;

  constructor(private readonly core: FakeCore) {}

  add(partial: Partial<EnvironmentInfo> & { name: string }): EnvironmentInfo {
    const uuid = partial.uuid ?? `env-${this.nextId++}`;
    const info: EnvironmentInfo = {
      uuid,
      language: 'python',
      base_image: 'orchest-test-py:latest',
      gpu_support: false,
      setup_script: '',
      image: `orchest-env-${uuid}:1`,
      build: { status: 'NONE' },
      ...partial,
    };
    this.envs.set(uuid, info);
    this.fixDefault();
    return info;
  }

  list(): EnvironmentInfo[] {
    return [...this.envs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private fixDefault(): void {
    const all = this.list();
    if (!all.some((e) => e.isDefault) && all[0]) this.envs.set(all[0].uuid, { ...all[0], isDefault: true });
  }

  private get(uuid: string): EnvironmentInfo {
    const info = this.envs.get(uuid);
    if (!info) throw new CoreError('NOT_FOUND', `Environment ${uuid} does not exist in this project.`);
    return info;
  }

  private changed(): void {
    this.core.emit('env.changed', this.list());
  }

  /** Stream one event of a running build (the log file grows with it, as the core's does). */
  stream(event: Omit<BuildEvent, 'uuid'> & { uuid?: string }): void {
    const uuid = event.uuid ?? [...this.running.keys()][0]!;
    const before = this.logs.get(uuid) ?? '';
    if (event.text) this.logs.set(uuid, before + event.text);
    this.core.emit('env.build', { ...event, uuid, ...(event.text ? { offset: new TextEncoder().encode(before).length } : {}) });
  }

  finish(uuid: string, status: Extract<BuildStatus, 'SUCCESS' | 'FAILURE' | 'ABORTED'>, message?: string): void {
    this.running.get(uuid)?.finish(status, message);
  }

  isBuilding(uuid: string): boolean {
    return this.running.has(uuid);
  }

  private readonly handlers: { [M in MethodName]?: (args: Args<M>) => Promise<Result<M>> | Result<M> } = {
    'env.list': () => this.list(),
    'env.save': ({ env }) => {
      if (!env.name.trim()) throw new CoreError('INVALID_ARGUMENT', 'An environment needs a name.');
      const previous = env.uuid ? this.envs.get(env.uuid) : undefined;
      const info = this.add({
        ...(previous ?? {}),
        ...env,
        language: env.language ?? 'python',
        gpu_support: env.gpu_support ?? false,
        setup_script: env.setup_script ?? '',
        build: { status: 'NONE' },
      });
      this.changed();
      return this.get(info.uuid);
    },
    'env.duplicate': ({ uuid }) => {
      const source = this.get(uuid);
      const copy = this.add({ ...source, uuid: undefined, isDefault: false, name: `${source.name} (copy)` });
      this.changed();
      return copy;
    },
    'env.delete': ({ uuid }) => {
      this.get(uuid);
      this.envs.delete(uuid);
      this.fixDefault();
      this.changed();
      return { deleted: uuid };
    },
    'env.setDefault': ({ uuid }) => {
      for (const e of this.list()) this.envs.set(e.uuid, { ...e, isDefault: e.uuid === uuid });
      this.changed();
      return this.get(uuid);
    },
    'env.readBuildLog': async ({ uuid }) => {
      this.get(uuid);
      const text = this.logs.get(uuid) ?? '';
      this.readCount++;
      if (this.readGate) await this.readGate;
      return { text, size: new TextEncoder().encode(text).length, truncated: false };
    },
    'env.cancelBuild': ({ uuid }) => {
      this.finish(uuid, 'ABORTED', 'Build cancelled.');
      return this.get(uuid);
    },
    'env.build': ({ uuid }) => {
      const info = this.get(uuid);
      if (info.build.status === 'SUCCESS') return info; // unchanged recipe: at once, no events
      return new Promise<EnvironmentInfo>((resolve) => {
        this.running.set(uuid, {
          finish: (status, message) => {
            this.running.delete(uuid);
            if (message) this.stream({ uuid, status: 'BUILDING', text: `\n${message}\n` });
            const build = status === 'SUCCESS' ? { status, builtAt: Date.now(), sizeBytes: 123_400_000, ...(message ? { message } : {}) } : { status, ...(message ? { message } : {}) };
            this.envs.set(uuid, { ...this.get(uuid), build });
            this.core.emit('env.build', { uuid, status, ...(status === 'SUCCESS' ? { progress: 1 } : {}) });
            this.changed();
            resolve(this.get(uuid));
          },
        });
        this.logs.set(uuid, '');
        this.envs.set(uuid, { ...info, build: { status: 'BUILDING' } });
        this.core.emit('env.build', { uuid, status: 'BUILDING', progress: 0 });
      });
    },
  };

  /** A client that answers env.* here and everything else from `core`. */
  client(): CoreClient {
    const inner = this.core.client();
    return createCoreClient({
      connection: this.core.connection,
      invoke: async <M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>> => {
        const handler = this.handlers[method] as ((a: Args<M>) => Promise<Result<M>> | Result<M>) | undefined;
        if (handler) this.core.calls.push({ method, args }); // FakeCore records the others itself
        try {
          return { result: handler ? await handler(args) : await inner.call(method, args) };
        } catch (err) {
          if (err instanceof CoreError || err instanceof ClientError) return { error: { code: err.code as ErrorCode, message: err.message } };
          throw err;
        }
      },
      subscribe: (listener) => {
        const offs = EVENTS.map((name) => inner.on(name, (payload) => listener(name, payload)));
        return () => offs.forEach((off) => off());
      },
    });
  }
}
