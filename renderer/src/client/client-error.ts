import type { ErrorCode } from '../../../main/src/api/errors.js';

/** Codes the core answers with, plus the ones the transport itself raises. */
export type ClientErrorCode = ErrorCode | 'DISCONNECTED' | 'TRANSPORT';

/** A failed call: carries the core's error code and message so the UI shows the real reason. */
export class ClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function isClientError(err: unknown, code?: ClientErrorCode): err is ClientError {
  return err instanceof ClientError && (code === undefined || err.code === code);
}
