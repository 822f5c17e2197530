import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import type { RemoteVolumes } from '../docker/containers.js';
import { ensureVolume, getArchive, putArchive, runCapture, withHelper, type HelperSpec } from '../docker/volumes.js';
import { parseJsonText } from '../common/json-text.js';
import { atomicWrite } from '../fs/atomic-write.js';
import type { StepResources } from '../runs/resources.js';
import { chownIfRoot, ensureOwnedDir, type Owner } from '../runs/ownership.js';
import { ARTEFACT_DIR_PATTERN, hashTree, listLocalFiles, projectIncludes, type LocalFile } from './local-tree.js';
import { loadManifest, planSync, saveManifest, tarMtime, type SyncManifest } from './sync-manifest.js';

/**
 * A project's workspace on an engine that cannot see this machine's files: the project copied
 * into a volume (only what changed since the last copy), /data on a volume of its own, the SDK and
 * step runner in a volume named by their hash; after the run, the files it changed come back.
 */

export interface RemoteContext {
  docker: Docker;
  /** Names this engine's manifests (engines/engine-resolver.ts). */
  engineKey: string;
  /** App data folder: manifests under <dataDir>/remote/<engine key>/. */
  dataDir: string;
  /** An image the engine has (the run's first step image): helpers run in it. */
  image: string;
  /** Labels of the run, so orphan clean-up finds helpers a lost connection left behind. */
  labels: Record<string, string>;
  /** The project folder's owner: files in the project volume are theirs, as steps run as them. */
  owner: Owner | undefined;
  signal: AbortSignal;
}

const MOUNT = '/v';
export const projectVolumeName = (projectUuid: string) => `orchest-project-${projectUuid}`;
export const DATA_VOLUME = 'orchest-data';
const manifestFile = (ctx: Pick<RemoteContext, 'dataDir' | 'engineKey'>, volume: string) => path.join(ctx.dataDir, 'remote', ctx.engineKey, `${volume}.json`);

const helper = (ctx: RemoteContext, volume: string): HelperSpec => ({ image: ctx.image, volumes: { [volume]: MOUNT }, labels: ctx.labels });

/** One sync of a volume at a time in this process (two pipelines of a project may start together). */
const queues = new Map<string, Promise<unknown>>();
function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
  queues.set(key, run.catch(() => undefined));
  return run;
}

const SMALL_FILE = 8 * 1024 * 1024;

function addEntry(pack: tar.Pack, header: tar.Headers, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => pack.entry(header, body ?? '', (err) => (err ? reject(err) : resolve())));
}

/** A tar of the files with their folders, owned by `owner` (uid/gid in the headers), mtimes in whole seconds. */
function packFiles(files: readonly LocalFile[], owner: Owner | undefined): tar.Pack {
  const pack = tar.pack();
  const ids = { uid: owner?.uid ?? 0, gid: owner?.gid ?? 0 };
  const done = (async () => {
    const dirs = new Set<string>();
    for (const f of files) {
      const parts = f.rel.split('/');
      for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        if (dirs.has(dir)) continue;
        dirs.add(dir);
        await addEntry(pack, { name: dir, type: 'directory', mode: 0o755, ...ids });
      }
      const header: tar.Headers = { name: f.rel, type: 'file', mode: f.mode, mtime: new Date(tarMtime(f.mtimeMs) * 1000), ...ids };
      if (f.size <= SMALL_FILE) {
        const body = await fs.readFile(f.abs);
        await addEntry(pack, { ...header, size: body.length }, body);
      } else {
        await pipeline(createReadStream(f.abs, { start: 0, end: f.size - 1 }), pack.entry({ ...header, size: f.size }));
      }
    }
    pack.finalize();
  })();
  done.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  return pack;
}

export interface SyncResult {
  uploaded: number;
  bytes: number;
  removed: number;
}

/**
 * Bring a volume to the state of `files`: what is new or changed goes in one tar, what is gone is
 * removed. `prepare` runs (as root) in a volume we have not filled yet, e.g. to give it to the step's user.
 */
async function syncVolume(ctx: RemoteContext, volume: string, role: string, files: LocalFile[], prepare?: string, extra: Partial<SyncManifest> = {}): Promise<SyncResult> {
  return serialized(`${ctx.engineKey}/${volume}`, async () => {
    const volumeId = await ensureVolume(ctx.docker, volume, role);
    const file = manifestFile(ctx, volume);
    const manifest = await loadManifest(file, volume, volumeId);
    const first = Object.keys(manifest.files).length === 0;
    const plan = await planSync(files, manifest);
    const script = [first && prepare, plan.remove.length && `cd ${MOUNT} && rm -f -- "$@"`].filter(Boolean).join(' && ');
    if (script) {
      const done = await runCapture(ctx.docker, { ...helper(ctx, volume), cmd: ['sh', '-c', script, 'sh', ...plan.remove], user: '0:0', writable: true }, ctx.signal);
      if (done.exitCode !== 0) throw new Error(`preparing the volume ${volume} failed (exit code ${done.exitCode}): ${done.stderr.trim().slice(-500)}`);
    }
    if (plan.upload.length) {
      await withHelper(ctx.docker, helper(ctx, volume), (h) => putArchive(h, packFiles(plan.upload, role === 'project' ? ctx.owner : undefined), MOUNT));
    }
    await saveManifest(file, { ...plan.next, ...extra });
    return { uploaded: plan.upload.length, bytes: plan.upload.reduce((n, f) => n + f.size, 0), removed: plan.remove.length };
  });
}

export interface Workspace {
  volumes: RemoteVolumes;
  project: SyncResult;
}

/** Copy what changed of the project, the SDK and the runner to the engine; answers the volumes a step mounts. */
export async function prepareWorkspace(ctx: RemoteContext, root: string, projectUuid: string, resources: StepResources): Promise<Workspace> {
  const runtimeFiles = [...(await listLocalFiles(resources.sdkDir, noCache, 'sdk/')), ...(await listLocalFiles(resources.runnerDir, noCache, 'runner/'))];
  const runtime = `orchest-runtime-${(await hashTree(runtimeFiles)).slice(0, 12)}`;
  await syncVolume(ctx, runtime, 'runtime', runtimeFiles);
  await syncVolume(ctx, DATA_VOLUME, 'data', [], `chmod 1777 ${MOUNT}`);
  const volume = projectVolumeName(projectUuid);
  const ids = ctx.owner ? `${ctx.owner.uid}:${ctx.owner.gid}` : '0:0';
  const project = await syncVolume(ctx, volume, 'project', await listLocalFiles(root, projectIncludes(root)), `chown ${ids} ${MOUNT}`, { image: ctx.image });
  return { volumes: { project: volume, data: DATA_VOLUME, runtime }, project };
}

const noCache = async (rel: string) => !rel.split('/').includes('__pycache__');

/** Lists the project volume's files as JSON lines [path, size, mtime], without .git and run artefacts. */
const LIST_SCRIPT = `
import json, os, re, stat, sys
root, art = sys.argv[1], re.compile(sys.argv[2])
for d, dirs, files in os.walk(root):
    rel = os.path.relpath(d, root)
    rel = '' if rel == '.' else rel
    dirs[:] = [x for x in dirs if x != '.git' and not art.search(rel + '/' + x if rel else x)]
    for f in files:
        try:
            st = os.lstat(os.path.join(d, f))
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            print(json.dumps([rel + '/' + f if rel else f, st.st_size, int(st.st_mtime)]))
`;

export interface PullResult {
  /** Project files the run changed or made, now here. */
  fetched: string[];
  /** Changed there, but also here during the run: this machine's version was kept. */
  kept: string[];
}

/** Read one tar stream, calling `onFile` for each regular file in it (with its body). */
async function readTar(stream: NodeJS.ReadableStream, onFile: (header: tar.Headers, body: Buffer) => Promise<void>): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      body.on('data', (c: Buffer) => chunks.push(c));
      body.on('end', () => {
        const work = header.type === 'file' ? onFile(header, Buffer.concat(chunks)) : Promise.resolve();
        work.then(() => next(), (err: unknown) => next(err as Error));
      });
      body.on('error', reject);
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  (stream as NodeJS.ReadableStream & { pipe: (d: NodeJS.WritableStream) => void }).pipe(extract);
  await done;
}

/** Safe relative path of a tar entry (no absolute paths, no ..). */
function safeRel(name: string): string | null {
  const norm = path.posix.normalize(name.replace(/^\.\/+/, ''));
  if (!norm || norm === '.' || norm.startsWith('../') || norm === '..' || path.posix.isAbsolute(norm)) return null;
  return norm;
}

async function writeBack(abs: string, body: Buffer, header: tar.Headers, owner: Owner | undefined): Promise<void> {
  await ensureOwnedDir(path.dirname(abs), owner);
  await atomicWrite(abs, body, { mode: (header.mode ?? 0o644) & 0o777 });
  await chownIfRoot(abs, owner);
  const mtime = header.mtime ?? new Date();
  await fs.utimes(abs, mtime, mtime);
}

/** Per-file archives up to this many; more come in one archive of the whole volume. */
const PER_FILE_LIMIT = 16;

/**
 * Bring back the project files the run changed or made (outputs and logs excepted). A file that
 * also changed here since the run began keeps this machine's version (listed in `kept`).
 */
export async function pullBackProject(ctx: RemoteContext, root: string, projectUuid: string, runStartedAt: number): Promise<PullResult> {
  const volume = projectVolumeName(projectUuid);
  return serialized(`${ctx.engineKey}/${volume}`, async () => {
    const file = manifestFile(ctx, volume);
    const volumeId = await ensureVolume(ctx.docker, volume, 'project');
    const manifest = await loadManifest(file, volume, volumeId);
    const listed = await runCapture(ctx.docker, { ...helper(ctx, volume), cmd: ['python3', '-c', LIST_SCRIPT, MOUNT, ARTEFACT_DIR_PATTERN] }, ctx.signal);
    if (listed.exitCode !== 0) throw new Error(`listing the project on the engine failed (exit code ${listed.exitCode}): ${listed.stderr.trim().slice(-500)}`);
    const changed = new Map<string, { size: number; mtime: number }>();
    for (const line of listed.stdout.split('\n')) {
      if (!line.trim()) continue;
      const [rel, size, mtime] = JSON.parse(line) as [string, number, number];
      const known = manifest.files[rel];
      if (!known || known.size !== size || known.remoteMtime !== mtime) changed.set(rel, { size, mtime });
    }
    const result: PullResult = { fetched: [], kept: [] };
    if (!changed.size) return result;

    const take = async (header: tar.Headers, body: Buffer, rel: string) => {
      const abs = path.join(root, ...rel.split('/'));
      const here = await fs.stat(abs).catch(() => null);
      const known = manifest.files[rel];
      const editedHere = here && (known ? Math.floor(here.mtimeMs) !== known.mtimeMs || here.size !== known.size : true) && here.mtimeMs >= runStartedAt;
      if (editedHere) {
        result.kept.push(rel);
        return;
      }
      await writeBack(abs, body, header, ctx.owner);
      const st = await fs.stat(abs);
      manifest.files[rel] = { size: body.length, mtimeMs: Math.floor(st.mtimeMs), hash: createHash('sha256').update(body).digest('hex'), remoteMtime: changed.get(rel)!.mtime };
      result.fetched.push(rel);
    };
    await withHelper(ctx.docker, helper(ctx, volume), async (h) => {
      if (changed.size <= PER_FILE_LIMIT) {
        for (const rel of changed.keys()) {
          const stream = await getArchive(h, `${MOUNT}/${rel}`);
          if (stream) await readTar(stream, (header, body) => (header.name === path.posix.basename(rel) ? take(header, body, rel) : Promise.resolve()));
        }
      } else {
        const stream = await getArchive(h, `${MOUNT}/.`);
        if (stream) {
          await readTar(stream, async (header, body) => {
            const rel = safeRel(header.name);
            if (rel && changed.has(rel)) await take(header, body, rel);
          });
        }
      }
    });
    await saveManifest(file, manifest);
    return result;
  });
}

/** Copy one step's outputs (`<dataRel>/<stepId>/` in the project volume) into `localDataDir/<stepId>/`, replacing what was there (none: 0 files). */
export async function fetchStepOutputs(ctx: RemoteContext, projectUuid: string, dataRel: string, stepId: string, localDataDir: string): Promise<{ files: number; bytes: number }> {
  const volume = projectVolumeName(projectUuid);
  const target = path.join(localDataDir, stepId);
  let files = 0;
  let bytes = 0;
  await withHelper(ctx.docker, helper(ctx, volume), async (h) => {
    const stream = await getArchive(h, path.posix.join(MOUNT, dataRel, stepId));
    await fs.rm(target, { recursive: true, force: true });
    if (!stream) return; // the step output nothing
    await readTar(stream, async (header, body) => {
      const rel = safeRel(header.name);
      if (!rel || !(rel === stepId || rel.startsWith(`${stepId}/`))) return;
      await writeBack(path.join(localDataDir, ...rel.split('/')), body, header, ctx.owner);
      files++;
      bytes += body.length;
    });
  });
  return { files, bytes };
}

/** The image the last sync of the project used: helpers for fetching outputs run in it. */
export async function lastHelperImage(ctx: Pick<RemoteContext, 'dataDir' | 'engineKey'>, projectUuid: string): Promise<string | undefined> {
  const volume = projectVolumeName(projectUuid);
  const raw = await fs.readFile(manifestFile(ctx, volume)).catch(() => null);
  if (!raw) return undefined;
  const read = parseJsonText(raw);
  const image = read.ok ? (read.value as { image?: unknown } | null)?.image : undefined;
  return typeof image === 'string' ? image : undefined;
}

/** Remove a run's own copy of a project from the engine (a job's run, once its outputs are back), and its manifest. */
export async function dropWorkspace(ctx: RemoteContext, projectUuid: string): Promise<void> {
  const volume = projectVolumeName(projectUuid);
  await ctx.docker.getVolume(volume).remove({ force: true });
  await fs.rm(manifestFile(ctx, volume), { force: true });
}
