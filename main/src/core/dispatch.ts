import * as z from 'zod';
import { methods, type MethodName } from '../api/contract.js';
import type { Envelope } from '../api/errors.js';
import { toApiError } from './core-error.js';
import type { Handlers } from './handlers.js';

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** Validate the arguments against the contract, run the handler, and wrap the answer. */
export async function dispatch(handlers: Partial<Handlers>, method: string, rawArgs: unknown): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return { error: { code: 'UNKNOWN_METHOD', message: `Unknown method "${method}".` } };
  }
  const parsed = methods[method].args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    return {
      error: {
        code: 'INVALID_ARGUMENT',
        message: `Invalid arguments for ${method}: ${z.prettifyError(parsed.error)}`,
        details: parsed.error.issues,
      },
    };
  }
  const handler = handlers[method] as ((args: unknown) => Promise<unknown>) | undefined;
  // Only a partial core (a test's) lacks handlers; the real one is checked complete by its type.
  if (!handler) return { error: { code: 'UNKNOWN_METHOD', message: `${method} is not served here.` } };
  try {
    return { result: await handler(parsed.data) };
  } catch (err) {
    return { error: toApiError(err) };
  }
}
