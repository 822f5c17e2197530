/** nbformat's multi-line strings (a string, or a list of lines) as one string. Pure. */
export function joinText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((x): x is string => typeof x === 'string').join('');
  return '';
}

/** The cell's tags, whatever the file holds there. */
export function cellTags(metadata: Record<string, unknown>): string[] {
  return Array.isArray(metadata.tags) ? metadata.tags.filter((t): t is string => typeof t === 'string') : [];
}

/** Display data: the one representation to show, richest first (as Jupyter does). */
export const MIME_ORDER = ['image/png', 'image/jpeg', 'image/svg+xml', 'text/html', 'text/markdown', 'text/plain'] as const;
export type ShownMime = (typeof MIME_ORDER)[number];

export function pickMime(data: Record<string, unknown>): ShownMime | null {
  return MIME_ORDER.find((m) => data[m] !== undefined) ?? null;
}
