import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import type { BuildStatus, EnvironmentInfo, EnvironmentSpec } from '../api/environments.js';
import type { LogTail } from '../api/runs.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import { resourcesDir } from '../core/resources.js';
import type { ConfigService } from '../config/config-service.js';
import type { ProjectService } from '../project/project-service.js';
import { assertDockerReachable, createDockerClient } from '../docker/client.js';
import { APP_LABEL_VALUE, IMAGE_LABELS, imageTag, isValidImageRef, resolveAlias } from './recipe.js';
import { inspectImage, listImagesByLabels, removeImage } from '../docker/images.js';
import { BuildFiles, type BuildRecord } from './build-state.js';
import { processAlive } from '../core/process-alive.js';
import { buildInputs, changedInputs } from './build-inputs.js';
import { recipeOf, runBuild, type BuildOutcome } from './builder.js';
import { InputWatcher } from './input-watcher.js';
import {
  listStored,
  readProjectSettings,
  readStored,
  removeEnvironmentFolder,
  writeDefaultEnvironment,
  writeEnvironment,
  type StoredEnvironment,
} from './env-store.js';
import { describeUse, findEnvironmentUses } from './usage.js';
import { isBuildActive } from '../common/statuses.js';
import { projectKey } from '../project/project-id.js';

/** The open project's environments and their images. */
export interface EnvironmentService {
  list(): Promise<EnvironmentInfo[]>;
  save(env: Omit<EnvironmentSpec, 'uuid'> & { uuid?: string }): Promise<EnvironmentInfo>;
  duplicate(uuid: string): Promise<EnvironmentInfo>;
  delete(uuid: string): Promise<{ deleted: string }>;
  build(uuid: string): Promise<EnvironmentInfo>;
  cancelBuild(uuid: string): Promise<EnvironmentInfo>;
  readBuildLog(uuid: string): Promise<LogTail>;
  /** Image tag, build state and GPU flag of an environment (for runs). NOT_FOUND if unknown. */
  describe(uuid: string): Promise<EnvironmentInfo>;
  /**
   * Build every listed environment that is not built yet (used before a run); resolves to their
   * image tags by uuid, or throws a CoreError naming what is missing / failed. `engine`: build
   * there (a remote engine a run uses) instead of on the configured one.
   */
  ensureBuilt(uuids: string[], engine?: Docker): Promise<Record<string, string>>;
  /** Make it the project's default environment for new steps. */
  setDefault(uuid: string): Promise<EnvironmentInfo>;
  dispose(): Promise<void>;
}

export interface EnvironmentServiceDeps {
  config: ConfigService;
  project: ProjectService;
  bus: EventBus;
  dataDir: string;
}

/** EnvironmentService plus the project's default environment for new steps. */
export interface ProjectEnvironmentService extends EnvironmentService {
  setDefault(uuid: string): Promise<EnvironmentInfo>;
}

type SaveInput = Omit<EnvironmentSpec, 'uuid'> & { uuid?: string };

interface InFlight {
  controller: AbortController;
  status: BuildStatus;
  tag: string;
  /** Settles when the build has ended (its outcome is also in the build record). */
  promise: Promise<BuildOutcome>;
}

/** What the engine can tell us right now; `docker` is null when it is not reachable. */
interface EngineView {
  docker: Docker | null;
  unreachable?: string;
}

const PING_TIMEOUT_MS = 3000;

export function createEnvironmentService(deps: EnvironmentServiceDeps): ProjectEnvironmentService {
  const { config, project, bus, dataDir } = deps;
  const inflight = new Map<string, InFlight>();
  /** Absolute paths of the project files each environment's build uses, as of the last look. */
  const inputPaths = new Map<string, string[]>();
  const inputWatcher = new InputWatcher(() => void emitChanged());

  const context = () => {
    const root = project.root();
    const hash = projectKey(root);
    return { root, hash, files: new BuildFiles(dataDir, hash), key: (uuid: string) => `${hash}:${uuid}` };
  };

  const dockerHost = () => config.get().docker_host;
  const aliases = () => config.get().image_aliases;

  async function engine(): Promise<EngineView> {
    const docker = createDockerClient(dockerHost());
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS / 1000}s`)), PING_TIMEOUT_MS);
      });
      await Promise.race([assertDockerReachable(docker, dockerHost()), timeout]).finally(() => clearTimeout(timer));
      return { docker };
    } catch (err) {
      return { docker: null, unreachable: err instanceof Error ? err.message : String(err) };
    }
  }

  function unreadableInfo(stored: Extract<StoredEnvironment, { ok: false }>): EnvironmentInfo {
    return {
      uuid: stored.uuid,
      name: stored.name ?? stored.uuid,
      language: 'python',
      base_image: '(unreadable)',
      gpu_support: false,
      setup_script: '',
      image: '',
      isDefault: false,
      build: { status: 'FAILURE', message: stored.problem },
    };
  }

  /** Build state from (in order): a build running here, the image's existence, the build record. */
  async function infoOf(stored: Extract<StoredEnvironment, { ok: true }>, view: EngineView, isDefault: boolean): Promise<EnvironmentInfo> {
    const ctx = context();
    const spec = stored.spec;
    const baseImage = resolveAlias(spec.base_image, aliases());
    const record = await ctx.files.read(spec.uuid);
    const running = inflight.get(ctx.key(spec.uuid));
    const inputs = await buildInputs(ctx.root, spec.setup_script);
    inputPaths.set(ctx.key(spec.uuid), Object.keys(inputs).map((rel) => path.join(ctx.root, ...rel.split('/'))));
    const info = (image: string, build: EnvironmentInfo['build']): EnvironmentInfo => ({ ...spec, image, isDefault, build });

    if (!view.docker) {
      const image = running?.tag || record?.tag || imageTag(ctx.root, spec.uuid, recipeOf(spec, baseImage, null, inputs));
      if (running) return info(image, { status: running.status });
      const lastKnown = record && record.status === 'SUCCESS' ? ` (the last build, ${new Date(record.endedAt ?? 0).toISOString()}, succeeded)` : '';
      return info(image, { status: 'NONE', message: `Cannot tell whether the image is built${lastKnown}: ${view.unreachable}` });
    }

    const base = await inspectImage(view.docker, baseImage);
    const tag = imageTag(ctx.root, spec.uuid, recipeOf(spec, baseImage, base, inputs));
    if (running) return info(running.tag || tag, { status: running.status });
    const image = base ? await inspectImage(view.docker, tag) : null;
    const sameRecipe = record?.tag === tag;
    if (image) {
      return info(tag, {
        status: 'SUCCESS',
        builtAt: sameRecipe && record?.endedAt ? record.endedAt : image.createdAt,
        sizeBytes: image.sizeBytes,
        ...(sameRecipe && record?.message ? { message: record.message } : {}),
      });
    }
    if (record && sameRecipe) return info(tag, recordState(record));
    if (!base) {
      return info(tag, { status: 'NONE', message: `Base image ${baseImage} is not available locally; building will try to pull it.` });
    }
    // The last good image is still there, for an older recipe: say what changed since.
    const previous = record?.status === 'SUCCESS' ? await inspectImage(view.docker, record.tag) : null;
    if (record && previous) return info(tag, outOfDate(record, inputs, spec.setup_script));
    return info(tag, { status: 'NONE', ...(record ? { message: 'Changed since the last build.' } : {}) });
  }

  function outOfDate(record: BuildRecord, inputs: Record<string, string>, script: string): EnvironmentInfo['build'] {
    const changedFiles = record.inputs ? changedInputs(record.inputs, inputs) : [];
    const what = changedFiles.length
      ? `${changedFiles.join(', ')} changed since the last build`
      : `the environment (${script ? 'setup script, ' : ''}base image or settings) changed since the last build`;
    return {
      status: 'NONE',
      outdated: true,
      ...(changedFiles.length ? { changedFiles } : {}),
      builtAt: record.endedAt,
      message: `Out of date: ${what}. The next run rebuilds it; or build it now.`,
    };
  }

  /** A record without its image: a failure, a cancel, a build elsewhere, or an interrupted one. */
  function recordState(record: BuildRecord): EnvironmentInfo['build'] {
    if (isBuildActive(record.status)) {
      if (record.pid !== undefined && record.pid !== process.pid && processAlive(record.pid)) {
        return { status: 'BUILDING', message: `Being built by another Orchest process (pid ${record.pid}).` };
      }
      return { status: 'ABORTED', message: 'The last build was interrupted (the app stopped while building).' };
    }
    if (record.status === 'SUCCESS') return { status: 'NONE', message: 'The image was removed since it was built; build again.' };
    return { status: record.status, ...(record.message ? { message: record.message } : {}) };
  }

  function byName(a: { name: string; uuid: string }, b: { name: string; uuid: string }): number {
    return a.name.localeCompare(b.name) || a.uuid.localeCompare(b.uuid);
  }

  /** The project's default: project.json's default_environment if it names a readable one, else the first by name. */
  async function defaultUuid(root: string, all: StoredEnvironment[]): Promise<string | undefined> {
    const readable = all.filter((e): e is Extract<StoredEnvironment, { ok: true }> => e.ok).map((e) => e.spec).sort(byName);
    const { defaultEnvironment } = await readProjectSettings(root);
    if (defaultEnvironment && readable.some((e) => e.uuid === defaultEnvironment)) return defaultEnvironment;
    return readable[0]?.uuid;
  }

  async function list(): Promise<EnvironmentInfo[]> {
    const { root } = context();
    const all = await listStored(root);
    const view = await engine();
    const def = await defaultUuid(root, all);
    const infos = await Promise.all(all.map((e) => (e.ok ? infoOf(e, view, e.uuid === def) : unreadableInfo(e))));
    const { key } = context();
    inputWatcher.watch(infos.flatMap((i) => inputPaths.get(key(i.uuid)) ?? []));
    return infos.sort(byName);
  }

  async function readable(uuid: string): Promise<Extract<StoredEnvironment, { ok: true }>> {
    const stored = await readStored(context().root, uuid);
    if (!stored) throw new CoreError('NOT_FOUND', `Environment ${uuid} does not exist in this project (.orchest/environments/${uuid}).`);
    if (!stored.ok) throw new CoreError('INVALID_FILE', stored.problem);
    return stored;
  }

  async function describe(uuid: string): Promise<EnvironmentInfo> {
    const stored = await readable(uuid);
    const { root } = context();
    const def = await defaultUuid(root, await listStored(root));
    return infoOf(stored, await engine(), uuid === def);
  }

  async function emitChanged(): Promise<void> {
    try {
      bus.emit('env.changed', await list());
    } catch {
      // No project open any more, or the folder vanished: nothing to tell.
    }
  }

  function validateSpec(env: SaveInput): void {
    if (!env.name.trim()) throw new CoreError('INVALID_ARGUMENT', 'An environment needs a name.');
    if (!isValidImageRef(env.base_image)) {
      throw new CoreError('INVALID_ARGUMENT', `"${env.base_image}" is not a valid image name (e.g. "orchest/base-kernel-py" or "python:3.11-slim").`);
    }
  }

  async function save(env: SaveInput): Promise<EnvironmentInfo> {
    validateSpec(env);
    const { root } = context();
    let previous: Record<string, unknown> = {};
    if (env.uuid !== undefined) {
      const stored = await readStored(root, env.uuid);
      if (stored && !stored.ok) throw new CoreError('INVALID_FILE', stored.problem);
      if (stored) previous = stored.raw;
    }
    const uuid = env.uuid ?? randomUUID();
    await writeEnvironment(root, { ...env, name: env.name.trim(), uuid }, previous);
    await emitChanged();
    return describe(uuid);
  }

  async function duplicate(uuid: string): Promise<EnvironmentInfo> {
    const source = await readable(uuid);
    const { root } = context();
    const names = new Set((await listStored(root)).map((e) => (e.ok ? e.spec.name : e.name)));
    let name = `${source.spec.name} (copy)`;
    for (let i = 2; names.has(name); i++) name = `${source.spec.name} (copy ${i})`;
    const copy = { ...source.spec, uuid: randomUUID(), name };
    await writeEnvironment(root, copy, source.raw);
    await emitChanged();
    return describe(copy.uuid);
  }

  async function remove(uuid: string): Promise<{ deleted: string }> {
    const ctx = context();
    const stored = await readStored(ctx.root, uuid);
    if (!stored) throw new CoreError('NOT_FOUND', `Environment ${uuid} does not exist in this project.`);
    const name = stored.ok ? stored.spec.name : (stored.name ?? uuid);
    const uses = await findEnvironmentUses(project, uuid);
    if (uses.length > 0) {
      const steps = uses.map(describeUse);
      throw new CoreError(
        'CONFLICT',
        `Environment "${name}" is used by ${uses.length === 1 ? 'a step' : `${uses.length} steps`}: ${steps.join('; ')}. Give ${uses.length === 1 ? 'it' : 'them'} another environment first.`,
        { uses },
      );
    }
    const running = inflight.get(ctx.key(uuid));
    if (running) {
      running.controller.abort();
      await running.promise.catch(() => {});
    }
    await removeEnvironmentFolder(ctx.root, uuid);
    await ctx.files.remove(uuid);
    await removeImagesOf(ctx.hash, uuid);
    await emitChanged();
    return { deleted: uuid };
  }

  /** Its images go with it (not forced: an image a container still uses stays). */
  async function removeImagesOf(hash: string, uuid: string): Promise<void> {
    const { docker } = await engine();
    if (!docker) return;
    const images = await listImagesByLabels(docker, {
      [IMAGE_LABELS.app]: APP_LABEL_VALUE,
      [IMAGE_LABELS.project]: hash,
      [IMAGE_LABELS.environment]: uuid,
    }).catch(() => []);
    for (const image of images) for (const tag of image.tags) await removeImage(docker, tag);
  }

  /** Start a build, or join the one already running for this environment. */
  function startBuild(uuid: string, engine?: Docker): Promise<BuildOutcome> {
    const ctx = context();
    const key = engine ? `${ctx.key(uuid)}@remote` : ctx.key(uuid);
    const running = inflight.get(key);
    if (running) return running.promise;
    const entry = { controller: new AbortController(), status: 'PENDING', tag: '' } as InFlight;
    entry.promise = (async () => {
      const stored = await readable(uuid);
      const docker = engine ?? createDockerClient(dockerHost());
      if (!engine) await assertDockerReachable(docker, dockerHost());
      return runBuild({
        docker,
        root: ctx.root,
        spec: stored.spec,
        baseImage: resolveAlias(stored.spec.base_image, aliases()),
        configPath: config.path,
        files: ctx.files,
        sdkDir: path.join(resourcesDir(), 'sdk'),
        // Local folders are served on the local engine's bridge: a remote engine gets the index URLs only.
        packageIndex: engine ? config.get().package_index.filter((e) => /^https?:\/\//.test(e)) : config.get().package_index,
        signal: entry.controller.signal,
        emit: (event) => bus.emit('env.build', event),
        onStarted: (tag) => {
          const first = entry.status !== 'BUILDING';
          entry.status = 'BUILDING';
          entry.tag = tag;
          if (first) void emitChanged();
        },
      });
    })().finally(() => inflight.delete(key));
    inflight.set(key, entry);
    return entry.promise;
  }

  /** Resolves when the build has ended (at once when the image exists), with the outcome in `build`. */
  async function build(uuid: string): Promise<EnvironmentInfo> {
    const outcome = await startBuild(uuid);
    const info = await describe(uuid);
    if (!outcome.cached) await emitChanged();
    return info;
  }

  async function cancelBuild(uuid: string): Promise<EnvironmentInfo> {
    const running = inflight.get(context().key(uuid));
    if (running) {
      running.controller.abort();
      await running.promise.catch(() => {});
    }
    return describe(uuid);
  }

  async function ensureBuilt(uuids: string[], engine?: Docker): Promise<Record<string, string>> {
    const wanted = [...new Set(uuids)];
    const { root } = context();
    const stored = await Promise.all(wanted.map(async (uuid) => ({ uuid, env: await readStored(root, uuid) })));
    const missing = stored.filter((s) => !s.env).map((s) => s.uuid);
    if (missing.length > 0) {
      throw new CoreError(
        'NOT_FOUND',
        `${missing.length === 1 ? 'Environment' : 'Environments'} not found in this project: ${missing.join(', ')}. Pick an existing environment for the steps that use ${missing.length === 1 ? 'it' : 'them'}.`,
        { missing },
      );
    }
    const unreadable = stored.flatMap((s) => (s.env && !s.env.ok ? [s.env.problem] : []));
    if (unreadable.length > 0) throw new CoreError('INVALID_FILE', unreadable.join('\n'));

    const tags: Record<string, string> = {};
    for (const uuid of wanted) {
      if (engine) {
        // Built on the run's remote engine: its outcome says it all (this machine's engine has no such image).
        const outcome = await startBuild(uuid, engine);
        if (outcome.status !== 'SUCCESS') {
          const name = (await readable(uuid)).spec.name;
          throw new CoreError('IMAGE_MISSING', `Environment "${name}" (${uuid}) could not be built on the run's engine: ${outcome.message ?? outcome.status}`, { uuid, status: outcome.status });
        }
        tags[uuid] = outcome.tag;
        continue;
      }
      const info = await build(uuid);
      if (info.build.status !== 'SUCCESS') {
        const logTail = await context().files.logTail(uuid, 20);
        throw new CoreError(
          'IMAGE_MISSING',
          `Environment "${info.name}" (${uuid}) could not be built: ${info.build.message ?? info.build.status}`,
          { uuid, status: info.build.status, logTail },
        );
      }
      tags[uuid] = info.image;
    }
    return tags;
  }

  async function setDefault(uuid: string): Promise<EnvironmentInfo> {
    await readable(uuid);
    await writeDefaultEnvironment(context().root, uuid);
    await emitChanged();
    return describe(uuid);
  }

  return {
    list,
    save,
    duplicate,
    delete: remove,
    build,
    cancelBuild,
    async readBuildLog(uuid: string) {
      await readable(uuid).catch((err: unknown) => {
        // The log of an unreadable environment is still worth reading; only a missing one is an error.
        if (err instanceof CoreError && err.code === 'INVALID_FILE') return;
        throw err;
      });
      return context().files.readLog(uuid);
    },
    describe,
    ensureBuilt,
    setDefault,
    async dispose() {
      await inputWatcher.close();
      for (const entry of inflight.values()) entry.controller.abort();
      await Promise.all([...inflight.values()].map((e) => e.promise.catch(() => {})));
    },
  };
}
