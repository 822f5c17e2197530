/** Parse a parameters field: must be a JSON object. Returns the object or a message to show. */
export function parseJsonObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Parameters must be a JSON object, like {"alpha": 0.5}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
