import type { ApiError, ErrorCode } from '../api/errors.js';

/** Throw this from a service: the transport answers `{error:{code,message,details}}` with it. */
export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CoreError';
  }

  toApiError(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof CoreError) return err.toApiError();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
