import type { Pipeline } from '../api/pipeline.js';
import { isPlainObject, orderLike } from './json-value.js';

/** How a file is laid out, so a save changes only what was edited (small git diffs). */
export interface JsonFormat {
  /** Orchest writes 4 spaces (Python's json.dump(indent=4)). */
  indent: string;
  finalNewline: boolean;
  eol: '\n' | '\r\n';
  bom: boolean;
}

export const ORCHEST_FORMAT: JsonFormat = { indent: '    ', finalNewline: true, eol: '\n', bom: false };

/** The layout of an existing file; Orchest's for anything it cannot tell. */
export function detectFormat(text: string): JsonFormat {
  const bom = text.startsWith('\uFEFF');
  const body = bom ? text.slice(1) : text;
  const lines = body.split('\n');
  const indented = lines.slice(1).find((l) => /^[ \t]+\S/.test(l));
  const indent = indented ? /^[ \t]+/.exec(indented)![0] : lines.length <= 2 && body.trim() !== '' ? '' : ORCHEST_FORMAT.indent;
  return {
    indent,
    finalNewline: body.endsWith('\n') || body.trim() === '',
    eol: body.includes('\r\n') ? '\r\n' : '\n',
    bom,
  };
}

/** Fields the app models, per object; what a client omits of these is removed on save. */
interface StructSpec {
  [key: string]: FieldSpec;
}
interface FieldSpec {
  /** A nested object the app models field by field. */
  struct?: StructSpec;
  /** A map keyed by user data (steps by uuid, parameters by name): the client's keys win. */
  recordOf?: StructSpec;
  /** Filled in by the schema (`{}` / `[]`) when the file lacks it: not written back if still empty. */
  defaulted?: boolean;
}

const value: FieldSpec = {};
const kernelSpec: StructSpec = { name: value, display_name: value };
const metaSpec: StructSpec = { hidden: value, position: value };
const stepSpec: StructSpec = {
  uuid: value,
  title: value,
  file_path: value,
  incoming_connections: { defaulted: true },
  environment: value,
  image: value,
  kernel: { struct: kernelSpec },
  parameters: { defaulted: true },
  meta_data: { struct: metaSpec, defaulted: true },
};
const settingsSpec: StructSpec = { auto_eviction: value, data_passing_memory_size: value, max_steps_parallelism: value };
// `services` is left out on purpose: the app has no editor for it, so a client that omits it
// (e.g. a store that never loaded it) keeps the file's services. Sending `services` replaces them.
const pipelineSpec: StructSpec = {
  name: value,
  uuid: value,
  version: value,
  settings: { struct: settingsSpec, defaulted: true },
  parameters: { defaulted: true },
  steps: { recordOf: stepSpec, defaulted: true },
};

function isEmptyDefault(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

function mergeField(disk: unknown, next: unknown, spec: FieldSpec | undefined): unknown {
  if (spec?.struct && isPlainObject(next)) return mergeStruct(disk, next, spec.struct);
  if (spec?.recordOf && isPlainObject(next)) {
    const base = isPlainObject(disk) ? disk : {};
    const out: Record<string, unknown> = {};
    // The file's order for entries that stay, then new entries in the client's order.
    for (const key of Object.keys(base)) if (key in next) out[key] = mergeEntry(base[key], next[key], spec.recordOf);
    for (const key of Object.keys(next)) if (!(key in out)) out[key] = mergeEntry(undefined, next[key], spec.recordOf);
    return out;
  }
  return orderLike(disk, next);
}

function mergeEntry(disk: unknown, next: unknown, spec: StructSpec): unknown {
  return isPlainObject(next) ? mergeStruct(disk, next, spec) : next;
}

/**
 * Apply `next` onto the object read from disk: the disk's key order; modelled fields from
 * `next` (absent = removed); fields the app does not model kept from disk unless `next` sets
 * them; schema defaults the file never had not added.
 */
function mergeStruct(disk: unknown, next: Record<string, unknown>, spec: StructSpec): Record<string, unknown> {
  const base = isPlainObject(disk) ? disk : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) {
    if (next[key] !== undefined) out[key] = mergeField(base[key], next[key], spec[key]);
    else if (!Object.prototype.hasOwnProperty.call(spec, key)) out[key] = base[key];
  }
  for (const key of Object.keys(next)) {
    if (key in base || next[key] === undefined) continue;
    // Only an object the file already had keeps its sparse shape; a new step is written whole.
    if (isPlainObject(disk) && spec[key]?.defaulted && isEmptyDefault(next[key])) continue;
    out[key] = mergeField(undefined, next[key], spec[key]);
  }
  return out;
}

/** The JSON object to write for `pipeline` over the file's current JSON value `base`. */
export function mergeForSave(base: unknown, pipeline: Pipeline): Record<string, unknown> {
  return mergeStruct(base, pipeline as Record<string, unknown>, pipelineSpec);
}

export interface SerializeOptions {
  /** The file's current JSON value: its order and the fields the app does not model are kept. */
  base?: unknown;
  format?: JsonFormat;
}

/** Text of a pipeline definition: Orchest's 4-space JSON with a final newline, unless told the file's own layout. */
export function serialize(pipeline: Pipeline, opts: SerializeOptions = {}): string {
  const value = opts.base === undefined ? pipeline : mergeForSave(opts.base, pipeline);
  return stringifyJson(value, opts.format ?? ORCHEST_FORMAT);
}

export function stringifyJson(value: unknown, format: JsonFormat = ORCHEST_FORMAT): string {
  let text = JSON.stringify(value, null, format.indent);
  if (format.finalNewline) text += '\n';
  if (format.eol === '\r\n') text = text.replace(/\n/g, '\r\n');
  return format.bom ? `\uFEFF${text}` : text;
}
