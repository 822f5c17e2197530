import { createReadStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { ProjectFilter, walkProject } from './project-files.js';
import { CONTEXT_DIRS, normalizeScript } from './recipe.js';

/**
 * The tar the engine builds from, streamed (a project may be large): the Dockerfile, the setup
 * script, the SDK's `orchest` package and the project's files (project-files.ts decides which).
 */

export interface ContextInput {
  dockerfile: string;
  setupScript: string;
  projectRoot: string;
  /** Folder holding the SDK's `orchest` package (resources/sdk). */
  sdkDir: string;
}

export interface ContextStats {
  files: number;
  bytes: number;
}

/** Files up to this size are read whole, so one edited while packing cannot break the tar. */
const READ_WHOLE_BYTES = 32 * 1024 * 1024;

function addBuffer(pack: tar.Pack, header: tar.Headers, body: Buffer | string = ''): Promise<void> {
  return new Promise((resolve, reject) => pack.entry(header, body, (err) => (err ? reject(err) : resolve())));
}

async function addFile(pack: tar.Pack, name: string, abs: string): Promise<number> {
  const st = await fs.stat(abs);
  const header: tar.Headers = { name, mode: st.mode & 0o777, mtime: st.mtime, type: 'file' };
  if (st.size <= READ_WHOLE_BYTES) {
    const body = await fs.readFile(abs);
    await addBuffer(pack, { ...header, size: body.length }, body);
    return body.length;
  }
  await pipeline(createReadStream(abs, { start: 0, end: st.size - 1 }), pack.entry({ ...header, size: st.size }));
  return st.size;
}

async function addTree(pack: tar.Pack, prefix: string, filter: ProjectFilter, stats: ContextStats, skip: (rel: string) => boolean = () => false): Promise<void> {
  await addBuffer(pack, { name: `${prefix}/`, type: 'directory', mode: 0o755 });
  for await (const f of walkProject(filter)) {
    if (skip(f.rel)) continue;
    const name = `${prefix}/${f.rel}`;
    if (f.kind === 'dir') await addBuffer(pack, { name: `${name}/`, type: 'directory', mode: 0o755 });
    else if (f.kind === 'symlink') await addBuffer(pack, { name, type: 'symlink', linkname: await fs.readlink(f.abs) });
    else {
      stats.bytes += await addFile(pack, name, f.abs).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return 0; // deleted while packing: the build simply does not see it
        throw err;
      });
      stats.files++;
    }
  }
}

/** The context as a stream; `done` settles with the project's file count and size once it is all packed. */
export function packBuildContext(input: ContextInput): { stream: NodeJS.ReadableStream; done: Promise<ContextStats> } {
  const pack = tar.pack();
  const stats: ContextStats = { files: 0, bytes: 0 };
  const done = (async () => {
    await addBuffer(pack, { name: 'Dockerfile', mode: 0o644 }, input.dockerfile);
    await addBuffer(pack, { name: 'setup_script.sh', mode: 0o755 }, normalizeScript(input.setupScript));
    // Only the package: its tests and caches have no place in an image.
    const sdk = new ProjectFilter(input.sdkDir);
    await addTree(pack, CONTEXT_DIRS.sdk, sdk, { files: 0, bytes: 0 }, (rel) => !(rel === 'orchest' || rel.startsWith('orchest/')) || rel.includes('__pycache__'));
    await addTree(pack, CONTEXT_DIRS.project, new ProjectFilter(input.projectRoot), stats);
    pack.finalize();
    return stats;
  })();
  done.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  return { stream: pack, done };
}
