import type { Args, MethodName, Result } from '../api/contract.js';
import type { Envelope } from '../api/errors.js';
import { CoreError } from './core-error.js';

export interface Callable {
  call<M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>>;
}

/**
 * A contract call for in-process callers (the CLI, the Electron shell): the result, or the
 * answer's error thrown as the CoreError the service threw.
 */
export async function request<M extends MethodName>(core: Callable, method: M, args: Args<M>): Promise<Result<M>> {
  const answer = await core.call(method, args);
  if (answer.error) throw new CoreError(answer.error.code, answer.error.message, answer.error.details);
  return answer.result;
}
