/**
 * Structural sharing for JSON values: `next`, reusing `prev`'s objects wherever they are deep-equal
 * (same keys in the same order). A pipeline re-read from disk after an outside edit then keeps
 * the identity of every step that did not change, so the canvas re-renders only what did.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function shareEqual<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return next;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let same = prev.length === next.length;
    const out = next.map((value: unknown, i) => {
      const shared = shareEqual(prev[i], value);
      if (shared !== prev[i]) same = false;
      return shared;
    });
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const prevKeys = Object.keys(prev);
    const nextKeys = Object.keys(next);
    let same = prevKeys.length === nextKeys.length;
    const out: Record<string, unknown> = {};
    nextKeys.forEach((key, i) => {
      const shared = shareEqual(prev[key], next[key]);
      out[key] = shared;
      if (same && (prevKeys[i] !== key || shared !== prev[key])) same = false;
    });
    return (same ? prev : out) as T;
  }
  return next;
}
