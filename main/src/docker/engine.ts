import type Docker from 'dockerode';

/** What the engine says about itself (GET /version). */
export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

/** The engine did not answer: `code` is the socket error (ENOENT, ECONNREFUSED, EACCES, …) when there is one. */
export class EngineUnreachableError extends Error {
  override readonly name = 'EngineUnreachableError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/**
 * Ask the engine for its version; a wedged engine or a black-holed TCP address answers nothing,
 * so give up after `timeoutMs` (an engine that is up answers in milliseconds).
 */
export async function engineVersion(docker: Docker, timeoutMs = 3000): Promise<EngineVersion> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EngineUnreachableError(`no answer within ${timeoutMs / 1000} s`, 'ETIMEDOUT')), timeoutMs);
  });
  try {
    const v = await Promise.race([docker.version(), timeout]);
    return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch };
  } catch (err) {
    if (err instanceof EngineUnreachableError) throw err;
    throw new EngineUnreachableError(err instanceof Error ? err.message : String(err), errnoCode(err));
  } finally {
    clearTimeout(timer);
  }
}

/** Why a run on an engine ended when the engine stopped answering (`describe`: its name and address). */
export const lostConnection = (describe: string, why: string): string => `lost the connection to the engine ${describe} (${why}). Its containers are removed once it answers again.`;

export interface EngineWatch {
  /** Settles with the reason once the engine stopped answering; never rejects. */
  readonly lost: Promise<string>;
  stop(): void;
}

/**
 * Ping the engine every `intervalMs` while a run uses it; the first ping without an answer within
 * `timeoutMs` ends the watch with the reason. A run on a remote engine needs it: a paused host or a
 * dead SSH link leaves streams and requests hanging without an error.
 */
export function watchEngine(docker: Docker, describe: string, intervalMs = 2000, timeoutMs = 4000): EngineWatch {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let settle: (reason: string) => void = () => {};
  const lost = new Promise<string>((resolve) => (settle = resolve));
  const tick = () => {
    timer = setTimeout(() => {
      pingWithin(docker, timeoutMs).then(
        () => {
          if (!stopped) tick();
        },
        (err: unknown) => {
          if (stopped) return;
          stopped = true;
          const why = err instanceof Error ? err.message : String(err);
          settle(lostConnection(describe, why));
        },
      );
    }, intervalMs);
    timer.unref?.();
  };
  tick();
  return {
    lost,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Ping with a deadline of our own: a request to a paused host or over a dead SSH link may not end
 * when its abort signal fires (it waits for a socket that never comes), so the deadline races it.
 */
export async function pingWithin(docker: Docker, timeoutMs: number): Promise<void> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      deadline.abort();
      reject(new Error(`no answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
  });
  const ping = docker.ping.bind(docker) as unknown as (opts: { abortSignal: AbortSignal }) => Promise<unknown>;
  try {
    await Promise.race([ping({ abortSignal: deadline.signal }), late]);
  } finally {
    clearTimeout(timer);
  }
}
