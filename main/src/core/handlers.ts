import type { MethodName, ParsedArgs, Result } from '../api/contract.js';

/** One contract method's implementation: it sees the validated arguments, answers its result. */
export type Handler<M extends MethodName> = (args: ParsedArgs<M>) => Promise<Result<M>> | Result<M>;

/** Implementations of a set of contract methods, each typed from the contract. */
export type HandlerMap<M extends MethodName> = { [K in M]: Handler<K> };

/** Every method of the contract: what `createCore` assembles from the service folders. */
export type Handlers = HandlerMap<MethodName>;

/** The contract's methods in one namespace, e.g. `MethodsIn<'runs'>` = 'runs.start' | 'runs.cancel' | … */
export type MethodsIn<P extends string> = Extract<MethodName, `${P}.${string}`>;
