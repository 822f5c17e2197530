import type Docker from 'dockerode';
import type { LogTail } from '../api/runs.js';
import type { EngineStatus, SetupMethod, SetupState } from '../api/setup.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import type { ConfigService } from '../config/config-service.js';
import { createDockerClient, dockerTarget } from '../docker/client.js';
import { imageExists } from '../docker/containers.js';
import { EngineUnreachableError, engineVersion, type EngineVersion } from '../docker/engine.js';
import { DockerAbortedError, pullImage } from '../docker/images.js';
import { PullTracker } from '../environments/build-progress.js';
import { engineProblem } from './engine-advice.js';
import { findExecutable } from './find-executable.js';
import { runOfflineBuilder } from './offline-builder.js';
import { lastError, OfflineBuildProgress } from './offline-progress.js';
import { OFFLINE_BASE, planSetup, REGISTRY_BASE, type Refusal, type SetupAttempt, type SetupFacts } from './setup-plan.js';

/**
 * The first run: is Docker there, is the default image there, and if not, build it (a local
 * base, else a pulled one, else the offline builder), with progress and a log for every client.
 */
export interface SetupService {
  status(): Promise<EngineStatus>;
  /** Starts the build and answers at once ('setup.progress' follows); a build going on is joined. */
  buildDefaultImage(): Promise<SetupState>;
  cancel(): Promise<SetupState>;
  readLog(): LogTail;
  /** Resolves when the build going on (if any) has ended. */
  settled(): Promise<SetupState>;
  dispose(): Promise<void>;
}

export interface SetupServiceDeps {
  config: ConfigService;
  bus: EventBus;
  env?: NodeJS.ProcessEnv;
  /** How long a pull may go without a word from the registry before we call it unreachable. */
  pullSilenceMs?: number;
}

const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];
const MAX_LOG_CHARS = 2 * 1024 * 1024;

type Engine = { docker: Docker; version: EngineVersion } | { docker: null; error: EngineUnreachableError };

export function createSetupService(deps: SetupServiceDeps): SetupService {
  const { config, bus } = deps;
  const env = deps.env ?? process.env;
  const pullSilenceMs = deps.pullSilenceMs ?? 20_000;
  const clients = new Map<string, Docker>();
  let state: SetupState | null = null;
  /** The build's log: its last MAX_LOG_CHARS in memory; `logBytes` counts all of it (offsets). */
  let log = '';
  let logBytes = 0;
  let job: { controller: AbortController; done: Promise<void> } | null = null;

  const host = () => dockerTarget(config.get().docker_host);
  // The same rule a run applies to the default image (runs/preflight.ts).
  const defaultImage = () => {
    const cfg = config.get();
    return cfg.image_aliases[cfg.default_image] ?? cfg.default_image;
  };
  const current = (): SetupState => state ?? { status: 'NONE', image: defaultImage() };

  function client(): Docker {
    const where = host();
    let docker = clients.get(where);
    if (!docker) clients.set(where, (docker = createDockerClient(config.get().docker_host)));
    return docker;
  }

  async function engine(): Promise<Engine> {
    const docker = client();
    try {
      return { docker, version: await engineVersion(docker) };
    } catch (err) {
      return { docker: null, error: err instanceof EngineUnreachableError ? err : new EngineUnreachableError(String(err), undefined) };
    }
  }

  function problemOf(error: EngineUnreachableError) {
    return engineProblem({
      host: host(),
      code: error.code,
      reason: error.message,
      installed: Boolean(findExecutable('dockerd', env, SBIN) ?? findExecutable('docker', env)),
      platform: process.platform,
      configPath: config.path,
    });
  }

  function publish(next: SetupState, text?: string): void {
    state = next;
    if (!text) {
      bus.emit('setup.progress', { state: next });
      return;
    }
    const offset = logBytes;
    log += text;
    logBytes += Buffer.byteLength(text);
    if (log.length > MAX_LOG_CHARS) {
      const cut = log.indexOf('\n', log.length - MAX_LOG_CHARS / 2);
      log = log.slice(cut === -1 ? log.length - MAX_LOG_CHARS / 2 : cut + 1);
    }
    bus.emit('setup.progress', { state: next, text, offset });
  }

  const update = (patch: Partial<SetupState>, text?: string) => publish({ ...current(), ...patch }, text);
  const finish = (status: 'SUCCESS' | 'FAILURE' | 'ABORTED', patch: Partial<SetupState>, text?: string) =>
    publish({ ...current(), status, ...patch, endedAt: Date.now(), ...(status === 'SUCCESS' ? { progress: 1 } : {}) }, text);

  async function gatherFacts(docker: Docker, image: string): Promise<SetupFacts> {
    const cfg = config.get();
    const registryBase = cfg.image_aliases[REGISTRY_BASE] ?? REGISTRY_BASE;
    const [imagePresent, offlineBasePresent, registryBasePresent] = await Promise.all([
      imageExists(docker, image),
      imageExists(docker, OFFLINE_BASE),
      imageExists(docker, registryBase),
    ]);
    return {
      image,
      imagePresent,
      offlineBasePresent,
      registryBase,
      registryBasePresent,
      dockerCli: findExecutable('docker', env) !== null,
      debootstrap: findExecutable('debootstrap', env, SBIN) !== null,
      root: process.getuid?.() === 0,
    };
  }

  /** The engine the docker CLI inside the builder script should talk to: ours. */
  function scriptEnv(): NodeJS.ProcessEnv {
    const configured = config.get().docker_host;
    if (!configured) return { ...env }; // the script's docker CLI reads DOCKER_HOST or the default socket, as we do
    return { ...env, DOCKER_HOST: configured.includes('://') ? configured : `unix://${configured}` };
  }

  /** Pull `base`; a registry that says nothing for a while counts as unreachable. */
  async function pullBase(docker: Docker, base: string, signal: AbortSignal): Promise<void> {
    const silence = new AbortController();
    let timer = setTimeout(() => silence.abort(), pullSilenceMs);
    const tracker = new PullTracker();
    try {
      await pullImage(docker, base, {
        signal: AbortSignal.any([signal, silence.signal]),
        onMessage: (msg) => {
          if (msg.status !== undefined && msg.error === undefined) {
            clearTimeout(timer);
            timer = setTimeout(() => silence.abort(), pullSilenceMs * 3);
          }
          const u = tracker.update(msg);
          // The pull is the first fifth of the bar.
          if (u.text || u.progress !== undefined) update(u.progress !== undefined ? { progress: 0.2 * u.progress } : {}, u.text);
        },
      });
    } catch (err) {
      if (silence.signal.aborted && !signal.aborted) throw new Error(`no answer from the registry within ${pullSilenceMs / 1000} s`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One way of building: null when the image is there after it, else why not (one line). */
  async function attempt(docker: Docker, a: SetupAttempt, image: string, signal: AbortSignal): Promise<string | null> {
    let base: string | undefined;
    let offset = 0;
    const method: SetupMethod = a.method;
    if (a.method === 'pull') {
      update({ method, phase: `Pulling ${a.base}`, progress: 0 }, `Pulling ${a.base} …\n`);
      try {
        await pullBase(docker, a.base, signal);
      } catch (err) {
        if (err instanceof DockerAbortedError || signal.aborted) throw new DockerAbortedError();
        const why = `could not pull ${a.base}: ${err instanceof Error ? err.message : String(err)}`;
        update({}, `${why}\n`);
        return why;
      }
      base = a.base;
      offset = 0.2;
    } else if (a.method === 'local-base' && a.base) base = a.base;
    update({ method, phase: `Building ${image}`, progress: offset });
    const progress = new OfflineBuildProgress(offset);
    let partial = '';
    const result = await runOfflineBuilder({
      image,
      env: scriptEnv(),
      ...(base ? { base } : {}),
      signal,
      onText: (text) => {
        const lines = (partial + text).split('\n');
        partial = lines.pop() ?? '';
        let patch: Partial<SetupState> = {};
        for (const line of lines) {
          const u = progress.feed(line);
          if (u.phase) patch = { ...patch, phase: u.phase };
          if (u.progress !== undefined) patch = { ...patch, progress: u.progress };
        }
        update(patch, text);
      },
    });
    if (result.aborted) throw new DockerAbortedError();
    if (result.exitCode !== 0) {
      update({}, `The build ended with exit code ${result.exitCode}.\n`);
      return lastError(result.tail) ?? `the builder ended with exit code ${result.exitCode}`;
    }
    return (await imageExists(docker, image)) ? null : `the builder ended but Docker has no ${image}`;
  }

  function fail(refusal: Refusal, reason: string | undefined): void {
    const message = reason ? `${refusal.message} Last error: ${reason}` : refusal.message;
    const patch = { message, phase: 'Failed', ...(refusal.command ? { command: refusal.command } : {}) };
    finish('FAILURE', patch, `${message}${refusal.command ? ` Run: ${refusal.command}` : ''}\n`);
  }

  async function runBuild(docker: Docker, image: string, attempts: SetupAttempt[], ifAllFail: Refusal, signal: AbortSignal): Promise<void> {
    try {
      const reasons: string[] = [];
      for (const a of attempts) {
        const failed = await attempt(docker, a, image, signal);
        if (failed === null) {
          finish('SUCCESS', { phase: `${image} is ready` }, `${image} is ready: steps without an environment run in it.\n`);
          return;
        }
        reasons.push(failed);
      }
      fail(ifAllFail, reasons.at(-1));
    } catch (err) {
      if (err instanceof DockerAbortedError || signal.aborted) finish('ABORTED', { phase: 'Cancelled' }, 'Cancelled.\n');
      else fail(ifAllFail, err instanceof Error ? err.message : String(err));
    }
  }

  async function buildDefaultImage(): Promise<SetupState> {
    if (job) return current();
    const image = defaultImage();
    const eng = await engine();
    if (!eng.docker) {
      const p = problemOf(eng.error);
      throw new CoreError('DOCKER_UNAVAILABLE', `${p.message} ${p.hint}`, { problem: p });
    }
    if (job) return current(); // another call started one while we asked the engine
    const plan = planSetup(await gatherFacts(eng.docker, image));
    log = '';
    logBytes = 0;
    const startedAt = Date.now();
    if (plan.kind === 'present') {
      publish({ status: 'SUCCESS', image, method: 'present', progress: 1, phase: `${image} is ready`, startedAt, endedAt: startedAt });
      return current();
    }
    if (plan.kind === 'impossible') {
      state = { status: 'BUILDING', image, phase: 'Cannot build here', startedAt };
      fail(plan.refusal, undefined);
      return current();
    }
    const controller = new AbortController();
    publish({ status: 'BUILDING', image, progress: 0, phase: 'Starting', startedAt }, `Building the default image ${image}.\n`);
    const done = runBuild(eng.docker, image, plan.attempts, plan.ifAllFail, controller.signal).finally(() => {
      job = null;
    });
    job = { controller, done };
    return current();
  }

  return {
    async status() {
      const cfg = config.get();
      const image = defaultImage();
      const base = { host: host(), runner: cfg.default_runner, setup: current() };
      const eng = await engine();
      if (!eng.docker) return { ...base, reachable: false, problem: problemOf(eng.error), defaultImage: { name: image, present: null } };
      const present = await imageExists(eng.docker, image).catch(() => null);
      const { version, os, arch } = eng.version;
      return { ...base, reachable: true, version, os, arch, defaultImage: { name: image, present } };
    },
    buildDefaultImage,
    async cancel() {
      const running = job;
      if (running) {
        running.controller.abort();
        await running.done;
      }
      return current();
    },
    readLog: () => ({ text: log, size: logBytes, truncated: Buffer.byteLength(log) < logBytes }),
    async settled() {
      await job?.done;
      return current();
    },
    async dispose() {
      job?.controller.abort();
      await job?.done;
    },
  };
}
