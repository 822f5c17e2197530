/** A service whose every method answers a promise: what lazyService can stand in for. */
type AsyncService<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * A stand-in for a service whose module loads at the first call of one of its methods (a dynamic
 * import: its own chunk of the CLI bundle), so that a command which never uses it (`orchest run`
 * and Argo's YAML) does not compile it. Until it has loaded, the `idle` methods (dispose, settled)
 * answer at once without loading it.
 */
export function lazyService<T extends AsyncService<T>>(load: () => Promise<T>, idle: ReadonlyArray<keyof T & string>): T {
  let loaded: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, prop) {
      // Not a thenable: `await service` must not look for its `then`.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return (...args: unknown[]) => {
        if (!loaded && (idle as readonly string[]).includes(prop)) return Promise.resolve(undefined);
        loaded ??= load();
        return loaded.then((service) => (service[prop as keyof T] as (...a: unknown[]) => Promise<unknown>)(...args));
      };
    },
  });
}
