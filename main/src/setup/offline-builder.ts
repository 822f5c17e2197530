import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../core/resources.js';

/** resources/image/build-offline.sh: debootstrap + docker import + docker build, progress on stderr. */
export function buildOfflineScript(): string {
  return path.join(resourcesDir(), 'image', 'build-offline.sh');
}

export interface OfflineBuildOptions {
  image: string;
  packages?: readonly string[];
  /** Shape it like one of Orchest's base images (build-offline.sh --like). */
  like?: string;
  /** Python packages pip installs (build-offline.sh --pip) from the index in the PIP_* variables of `env`. */
  pip?: readonly string[];
  /** Environment of the script (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Build on this image instead of the builder's own debootstrapped base (ORCHEST_BASE_IMAGE). */
  base?: string;
  /** The script's stderr as it comes. */
  onText?: (text: string) => void;
  /** Stops the script and the docker build it runs. */
  signal?: AbortSignal;
}

export interface OfflineBuildResult {
  /** 0 built; 2 the script refused before building (what is missing); else the build failed. */
  exitCode: number;
  /** The last non-empty lines of its output. */
  tail: string;
  aborted: boolean;
}

const TAIL_LINES = 30;

/** Run the offline builder for `image`; resolves when it ends (never rejects for a failed build). */
export function runOfflineBuilder(opts: OfflineBuildOptions): Promise<OfflineBuildResult> {
  const script = buildOfflineScript();
  if (!existsSync(script)) {
    return Promise.reject(new Error(`The image build script is missing: ${script} (set ORCHEST_RESOURCES_DIR to the resources folder)`));
  }
  const env = { ...(opts.env ?? process.env), ...(opts.base ? { ORCHEST_BASE_IMAGE: opts.base } : {}) };
  return new Promise((resolve, reject) => {
    // bash is found on our own PATH, so a caller's env (e.g. a reduced PATH) only shapes the script's view.
    const bash = ['/bin/bash', '/usr/bin/bash'].find((p) => existsSync(p)) ?? 'bash';
    // With a signal, its own process group: cancelling stops bash and the docker CLI under it.
    const detached = opts.signal !== undefined;
    const options = [...(opts.like ? ['--like', opts.like] : []), ...(opts.pip?.length ? ['--pip', opts.pip.join(' ')] : [])];
    const child = spawn(bash, [script, ...options, opts.image, ...(opts.packages ?? [])], { env, stdio: ['ignore', 'ignore', 'pipe'], detached });
    const lines: string[] = [];
    let partial = '';
    const onAbort = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      opts.onText?.(chunk);
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length > TAIL_LINES * 4) lines.splice(0, lines.length - TAIL_LINES);
    });
    child.on('error', (e) => reject(new Error(`Could not run bash for ${script}: ${e.message}`)));
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (partial) lines.push(partial);
      const aborted = opts.signal?.aborted === true;
      resolve({ exitCode: code ?? 1, tail: lines.filter((l) => l.trim()).slice(-TAIL_LINES).join('\n'), aborted });
    });
  });
}
