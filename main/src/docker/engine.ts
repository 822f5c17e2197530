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
