/** Small helpers on parsed JSON values. Pure: no Node imports. */

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reorder the keys of `value` (deeply) as they appear in `template`, then any others. zod puts
 * its schema's keys first; users' files (and their git diffs) keep their own order this way.
 */
export function orderLike<T>(template: unknown, value: T): T {
  if (Array.isArray(template) && Array.isArray(value)) {
    return value.map((v, i) => orderLike(template[i], v)) as T;
  }
  if (!isPlainObject(template) || !isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(template)) if (key in value) out[key] = orderLike(template[key], value[key]);
  for (const key of Object.keys(value)) if (!(key in out)) out[key] = value[key];
  return out as T;
}
