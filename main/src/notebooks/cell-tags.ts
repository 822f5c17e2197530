/**
 * Add or remove a tag (Orchest's `skip`) in one cell's `metadata.tags` as a text edit of the
 * notebook: the bytes of every other cell, output and setting stay exactly as they were, in the
 * file's own indentation and line endings (nbformat writes one space per level, sorted keys).
 * The result is checked by parsing it: it must be the old notebook with only that tag changed.
 * Pure.
 */
import { jsonRanges, member, type JsonNode } from './json-ranges.js';

export type TagEdit = { ok: true; text: string; changed: boolean } | { ok: false; reason: string };

type ObjectNode = Extract<JsonNode, { kind: 'object' }>;
type ArrayNode = Extract<JsonNode, { kind: 'array' }>;

interface Splice {
  start: number;
  end: number;
  insert: string;
}

/** The text's layout conventions, read from the text itself. */
interface Style {
  multiline: boolean;
  nl: string;
  /** One level of indentation. */
  unit: string;
  /** Between a key and its value, e.g. ": " or ":". */
  colon: string;
}

function lineIndent(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function styleOf(text: string, cell: ObjectNode): Style {
  const first = cell.members[0];
  const multiline = text.includes('\n');
  const inner = first ? lineIndent(text, first.keyStart) : '';
  const outer = lineIndent(text, cell.start);
  const unit = multiline && inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : ' ';
  const colon = first ? text.slice(first.keyEnd, first.value.start) : ': ';
  return { multiline, nl: text.includes('\r\n') ? '\r\n' : '\n', unit, colon };
}

/** A one-element container in the file's style, `indent` being the indentation of its opening line. */
function render(style: Style, open: '[' | '{', body: string, indent: string): string {
  const close = open === '[' ? ']' : '}';
  if (!style.multiline) return `${open}${body}${close}`;
  return `${open}${style.nl}${indent}${style.unit}${body}${style.nl}${indent}${close}`;
}

/** Insert a member where sorted keys put it (nbformat sorts them), in the object's own spacing. */
function insertMember(text: string, style: Style, obj: ObjectNode, key: string, valueFor: (indent: string) => string): Splice {
  const quoted = JSON.stringify(key);
  if (!obj.members.length) {
    const indent = lineIndent(text, obj.start);
    return { start: obj.start, end: obj.end, insert: render(style, '{', `${quoted}${style.colon}${valueFor(indent + style.unit)}`, indent) };
  }
  const gap = text.slice(obj.start + 1, obj.members[0]!.keyStart);
  const indent = lineIndent(text, obj.members[0]!.keyStart);
  const entry = `${quoted}${style.colon}${valueFor(indent)}`;
  const next = obj.members.find((m) => m.key > key);
  if (next) return { start: next.keyStart, end: next.keyStart, insert: `${entry},${gap}` };
  const last = obj.members[obj.members.length - 1]!;
  return { start: last.value.end, end: last.value.end, insert: `,${gap}${entry}` };
}

/** Remove element `index` of a list of ranges with its separator (never the last one left: see callers). */
function removeAt(ranges: ReadonlyArray<{ start: number; end: number }>, index: number): Splice {
  if (index > 0) return { start: ranges[index - 1]!.end, end: ranges[index]!.end, insert: '' };
  return { start: ranges[0]!.start, end: ranges[1]!.start, insert: '' };
}

function apply(text: string, s: Splice): string {
  return text.slice(0, s.start) + s.insert + text.slice(s.end);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** What the notebook must parse to after the edit. */
function expected(notebook: { cells: Array<Record<string, unknown>> }, index: number, tag: string, on: boolean): unknown {
  const copy = structuredClone(notebook);
  const cell = copy.cells[index];
  if (typeof cell !== 'object' || cell === null) return undefined; // the edit itself says why
  const metadata = (cell.metadata ??= {}) as Record<string, unknown>;
  if (metadata.tags !== undefined && !Array.isArray(metadata.tags)) return undefined;
  const tags = ((metadata.tags as unknown[] | undefined) ?? []).filter((t) => t !== tag);
  if (on) tags.push(tag);
  if (tags.length) metadata.tags = tags;
  else delete metadata.tags;
  return copy;
}

/** One step towards the wanted state, or null when the cell is already there. */
function nextSplice(text: string, index: number, tag: string, on: boolean): Splice | null | string {
  const root = jsonRanges(text);
  const cells = member(root, 'cells')?.value;
  if (cells?.kind !== 'array') return 'the notebook has no list of cells';
  const cell = cells.items[index];
  if (cell?.kind !== 'object') return `the notebook has no cell ${index + 1}`;
  const style = styleOf(text, cell);
  const metadata = member(cell, 'metadata');
  const quoted = JSON.stringify(tag);
  if (!metadata) {
    if (!on) return null;
    return insertMember(text, style, cell, 'metadata', (indent) => render(style, '{', `"tags"${style.colon}${render(style, '[', quoted, indent + style.unit)}`, indent));
  }
  if (metadata.value.kind !== 'object') return `cell ${index + 1} has metadata that is not an object`;
  const meta = metadata.value;
  const tagsAt = meta.members.findIndex((m) => m.key === 'tags');
  const tags = meta.members[tagsAt]?.value;
  if (!tags) return on ? insertMember(text, style, meta, 'tags', (indent) => render(style, '[', quoted, indent)) : null;
  if (tags.kind !== 'array') return `cell ${index + 1} has "tags" that are not a list`;
  const list: ArrayNode = tags;
  const hits = list.items.map((item, i) => (text.slice(item.start, item.end) === quoted || (item.kind === 'scalar' && safeParse(text.slice(item.start, item.end)) === tag) ? i : -1)).filter((i) => i >= 0);
  if (on) {
    if (hits.length) return null;
    if (!list.items.length) return { start: list.start, end: list.end, insert: render(style, '[', quoted, lineIndent(text, list.start)) };
    const gap = text.slice(list.start + 1, list.items[0]!.start);
    const last = list.items[list.items.length - 1]!;
    return { start: last.end, end: last.end, insert: `,${gap}${quoted}` };
  }
  if (!hits.length) return null;
  if (list.items.length > 1) return removeAt(list.items, hits[0]!);
  // The only tag: the "tags" key goes (as JupyterLab does), and metadata left empty reads {}.
  if (meta.members.length === 1) return { start: meta.start, end: meta.end, insert: '{}' };
  return removeAt(
    meta.members.map((m) => ({ start: m.keyStart, end: m.value.end })),
    tagsAt,
  );
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Set (`on`) or clear `tag` on cell `index` of the notebook `text`. */
export function setCellTag(text: string, index: number, tag: string, on: boolean): TagEdit {
  let notebook: unknown;
  try {
    notebook = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `it is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (typeof notebook !== 'object' || notebook === null || !Array.isArray((notebook as { cells?: unknown }).cells)) return { ok: false, reason: 'it has no list of cells' };
  const want = expected(notebook as { cells: Array<Record<string, unknown>> }, index, tag, on);
  let out = text;
  // A tag listed twice takes two steps to clear; anything more is a bug, not a notebook.
  for (let step = 0; step < 8; step++) {
    const splice = nextSplice(out, index, tag, on);
    if (typeof splice === 'string') return { ok: false, reason: splice };
    if (splice === null) {
      if (!sameJson(JSON.parse(out), want)) return { ok: false, reason: 'the edit would change more than the tag (please report this notebook)' };
      return { ok: true, text: out, changed: out !== text };
    }
    out = apply(out, splice);
  }
  return { ok: false, reason: `cell ${index + 1} lists "${tag}" too many times` };
}
