/**
 * How one parameter's values are edited: the kind of field is read from the values themselves
 * (number, text, boolean, list of plain values), with JSON for anything else. Pure.
 */
import type { Parsed } from './parameter-grid.js';

export type FieldKind = 'number' | 'text' | 'boolean' | 'list' | 'json';

type Plain = number | string | boolean;
const isPlain = (v: unknown): v is Plain => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

function kindOfValue(value: unknown): FieldKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value) && value.every(isPlain) && new Set(value.map((v) => typeof v)).size <= 1) return 'list';
  return 'json';
}

/** One kind for all of a parameter's values; mixed values fall back to JSON. */
export function fieldKind(values: readonly unknown[]): FieldKind {
  const kinds = new Set(values.map(kindOfValue));
  if (kinds.size === 0) return 'text';
  return kinds.size === 1 ? [...kinds][0]! : 'json';
}

/** The text a field shows for a value. Lists are comma-separated; strings in them as typed. */
export function formatValue(kind: FieldKind, value: unknown): string {
  switch (kind) {
    case 'number':
    case 'boolean':
    case 'text':
      return String(value);
    case 'list':
      return (value as Plain[]).join(', ');
    case 'json':
      return JSON.stringify(value);
  }
}

function parseNumber(text: string): Parsed<number> {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n)) return { ok: false, message: `"${text}" is not a number.` };
  return { ok: true, value: n };
}

function parseBoolean(text: string): Parsed<boolean> {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'false') return { ok: true, value: t === 'true' };
  return { ok: false, message: `"${text}" is not true or false.` };
}

/**
 * A list field's text back to a list. Its items take the type of the list they replace
 * (`like`): numbers stay numbers, strings stay strings even when they look like numbers.
 */
function parseList(text: string, like: unknown): Parsed<Plain[]> {
  const items = text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
  const sample = Array.isArray(like) ? like.find(isPlain) : undefined;
  const out: Plain[] = [];
  for (const item of items) {
    if (typeof sample === 'number') {
      const n = parseNumber(item);
      if (!n.ok) return { ok: false, message: `${n.message} The list holds numbers, separated by commas.` };
      out.push(n.value);
    } else if (typeof sample === 'boolean') {
      const b = parseBoolean(item);
      if (!b.ok) return { ok: false, message: `${b.message} The list holds true/false values, separated by commas.` };
      out.push(b.value);
    } else out.push(item);
  }
  return { ok: true, value: out };
}

/** A field's text back to a value of its kind, or a message saying what to type. */
export function parseValue(kind: FieldKind, text: string, like?: unknown): Parsed<unknown> {
  switch (kind) {
    case 'number':
      return parseNumber(text);
    case 'boolean':
      return parseBoolean(text);
    case 'text':
      return { ok: true, value: text };
    case 'list':
      return parseList(text, like);
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (err) {
        return { ok: false, message: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
      }
  }
}

/** A value for a new entry in a parameter's list: the next number, an empty text, the other boolean. */
export function nextValue(kind: FieldKind, values: readonly unknown[]): unknown {
  const last = values[values.length - 1];
  switch (kind) {
    case 'number':
      return typeof last === 'number' ? last + 1 : 0;
    case 'boolean':
      return !values.includes(false) ? false : true;
    case 'text':
      return '';
    case 'list':
      return Array.isArray(last) ? [...(last as unknown[])] : [];
    case 'json':
      return last ?? null;
  }
}

/** A value as a short cell text ("0.1", "adam", "[64, 32]"). */
export function shortValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}
