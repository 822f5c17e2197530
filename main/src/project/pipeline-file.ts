import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument, PipelineLayout, PipelineSummary, Problem } from '../api/pipeline.js';
import { linkOutside, linkOutsideMessage } from '../fs/link-outside.js';
import { stepFileExists } from '../pipeline/check-file.js';
import { parse } from '../pipeline/parse.js';
import { isPlainObject } from '../pipeline/json-value.js';
import { countErrors } from '../pipeline/problems.js';
import { pipelineDirOf } from './layout.js';

export interface LoadedPipeline {
  document: PipelineDocument;
  /** The file's JSON value (undefined when it is not JSON): what a save merges onto. */
  raw: unknown;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A name to show even for a broken file: its own name, else its folder's or file's name. */
function fallbackName(rel: string, layout: PipelineLayout, dir: string, rootName: string): string {
  if (layout === 'project') return path.posix.basename(rel, '.orchest');
  return dir ? path.posix.basename(dir) : rootName;
}

/**
 * Does a step file exist? `known` (project-relative files the project already lists) answers
 * yes without a stat: a 500-step pipeline then costs no syscalls. A file it does not list is
 * still looked up on disk: the watcher may not have reported it yet, or it lies where the scan
 * does not go (a linked folder).
 */
function stepFileCheck(root: string, dir: string, known?: ReadonlySet<string>): (filePath: string) => boolean {
  const onDisk = stepFileExists(path.join(root, dir));
  if (!known) return onDisk;
  return (filePath) => known.has(path.posix.normalize(dir ? `${dir}/${filePath}` : filePath)) || onDisk(filePath);
}

/** Build the document of a definition file from its bytes; `known`: see stepFileCheck. */
export function pipelineDocument(root: string, rel: string, layout: PipelineLayout, bytes: Buffer, known?: ReadonlySet<string>): LoadedPipeline {
  const dir = pipelineDirOf(rel, layout);
  const { pipeline, problems, raw } = parse(bytes, { fileExists: stepFileCheck(root, dir, known), pipelineDir: dir });
  const rawObj = isPlainObject(raw) ? raw : {};
  const name = pipeline?.name ?? (typeof rawObj.name === 'string' ? rawObj.name : fallbackName(rel, layout, dir, path.basename(root)));
  const uuid = pipeline?.uuid ?? (typeof rawObj.uuid === 'string' ? rawObj.uuid : undefined);
  const steps = pipeline?.steps ?? (isPlainObject(rawObj.steps) ? rawObj.steps : {});
  const document: PipelineDocument = {
    path: rel,
    layout,
    dir,
    name,
    ...(uuid !== undefined ? { uuid } : {}),
    stepCount: Object.keys(steps).length,
    errorCount: countErrors(problems),
    hash: sha256(bytes),
    pipeline,
    problems,
  };
  return { document, raw };
}

/** The document of a file we would not read: no pipeline, one error saying why. */
function refusedDocument(root: string, rel: string, layout: PipelineLayout, message: string): LoadedPipeline {
  const dir = pipelineDirOf(rel, layout);
  const problems: Problem[] = [{ severity: 'error', message }];
  const document: PipelineDocument = { path: rel, layout, dir, name: fallbackName(rel, layout, dir, path.basename(root)), stepCount: 0, errorCount: 1, hash: '', pipeline: null, problems };
  return { document, raw: undefined };
}

/**
 * Read a definition file (`root` is a real path); fs errors (ENOENT, EISDIR, ...) are thrown as
 * they are. A symlink to a file outside the project is not read: its document says so.
 */
export async function loadPipelineFile(root: string, rel: string, layout: PipelineLayout, known?: ReadonlySet<string>): Promise<LoadedPipeline> {
  const abs = path.join(root, rel);
  const outside = await linkOutside(root, abs);
  if (outside) return refusedDocument(root, rel, layout, linkOutsideMessage(rel, outside, 'the project folder'));
  const bytes = await fs.readFile(abs);
  return pipelineDocument(root, rel, layout, bytes, known);
}

export function summaryOf(doc: PipelineDocument): PipelineSummary {
  const { path: p, layout, dir, name, uuid, stepCount, errorCount } = doc;
  return { path: p, layout, dir, name, ...(uuid !== undefined ? { uuid } : {}), stepCount, errorCount };
}

export function sameSummary(a: PipelineSummary | undefined, b: PipelineSummary): boolean {
  return (
    a !== undefined &&
    a.name === b.name &&
    a.uuid === b.uuid &&
    a.stepCount === b.stepCount &&
    a.errorCount === b.errorCount &&
    a.layout === b.layout &&
    a.dir === b.dir
  );
}
