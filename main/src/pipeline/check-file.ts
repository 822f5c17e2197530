import { statSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Pipeline, PipelineLayout, Problem } from '../api/pipeline.js';
import { CoreError } from '../core/core-error.js';
import { linkOutside, linkOutsideMessage } from '../fs/link-outside.js';
import { parse } from './parse.js';
import { countErrors } from './problems.js';

export interface CheckedPipelineFile {
  /** Absolute path of the definition file that was read. */
  file: string;
  /** Absolute folder its steps' file paths are relative to. */
  dir: string;
  layout: PipelineLayout;
  pipeline: Pipeline | null;
  problems: Problem[];
  errorCount: number;
}

export interface CheckOptions {
  /**
   * Absolute project root, when known: step files may then live anywhere inside it. Without it,
   * they must stay inside the pipeline's folder.
   */
  projectRoot?: string;
}

/** A sync file check for the validator: is `filePath` (relative to `dir`) an existing file? */
export function stepFileExists(dir: string): (filePath: string) => boolean {
  return (filePath) => {
    try {
      // No exception for a missing file: a pipeline of hundreds of missing files stays cheap.
      return statSync(path.resolve(dir, filePath), { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      return false;
    }
  };
}

/** The folder a definition file's step paths are relative to, and its layout. */
export function pipelineFileDir(file: string): { dir: string; layout: PipelineLayout } {
  const parent = path.dirname(file);
  if (path.basename(file) === 'pipeline.json' && path.basename(parent) === '.orchest') {
    return { dir: path.dirname(parent), layout: 'folder' };
  }
  return { dir: parent, layout: path.extname(file) === '.orchest' ? 'project' : 'folder' };
}

async function statOrNull(p: string) {
  return fs.stat(p).catch(() => null);
}

/** Which definition file `absPath` names: itself, or the one pipeline in the folder it names. */
async function findDefinition(absPath: string): Promise<string> {
  const st = await statOrNull(absPath);
  if (!st) throw new CoreError('NOT_FOUND', `${absPath} does not exist.`);
  if (st.isFile()) {
    const name = path.basename(absPath);
    if (name.endsWith('.orchest') || name.endsWith('.json')) return absPath;
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${absPath} is not a pipeline definition: expected a folder holding .orchest/pipeline.json, a pipeline.json, or a *.orchest file.`,
    );
  }
  if (!st.isDirectory()) throw new CoreError('INVALID_ARGUMENT', `${absPath} is neither a file nor a folder.`);

  const folderDef = path.join(absPath, '.orchest', 'pipeline.json');
  if ((await statOrNull(folderDef))?.isFile()) return folderDef;
  if (path.basename(absPath) === '.orchest' && (await statOrNull(path.join(absPath, 'pipeline.json')))?.isFile()) {
    return path.join(absPath, 'pipeline.json');
  }
  const entries = await fs.readdir(absPath, { withFileTypes: true });
  const defs = entries.filter((e) => e.isFile() && e.name.endsWith('.orchest')).map((e) => e.name).sort();
  if (defs.length === 1) return path.join(absPath, defs[0]!);
  if (defs.length > 1) {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `${absPath} holds ${defs.length} pipelines (${defs.join(', ')}); name the one to check, e.g. ${path.join(absPath, defs[0]!)}.`,
      { candidates: defs.map((d) => path.join(absPath, d)) },
    );
  }
  throw new CoreError(
    'NOT_FOUND',
    `${absPath} holds no pipeline: there is no ${path.join(absPath, '.orchest', 'pipeline.json')} and no *.orchest file in it.`,
  );
}

/**
 * Read and check one pipeline for `orchest validate PATH`. PATH may be a pipeline folder
 * (holding .orchest/pipeline.json), a pipeline.json, a *.orchest file, or a folder holding
 * exactly one *.orchest file. Missing step files come back as warnings. Throws CoreError
 * NOT_FOUND / INVALID_ARGUMENT when PATH holds no (single) pipeline.
 */
export async function checkPipelinePath(absPath: string, opts: CheckOptions = {}): Promise<CheckedPipelineFile> {
  const file = await findDefinition(path.resolve(absPath));
  const { dir, layout } = pipelineFileDir(file);
  // As the app: a definition linked from outside its project (or, without one, its folder) is not read.
  const boundary = await fs.realpath(opts.projectRoot ?? dir);
  const outside = await linkOutside(boundary, file);
  if (outside) {
    const problems: Problem[] = [{ severity: 'error', message: linkOutsideMessage(file, outside, boundary) }];
    return { file, dir, layout, pipeline: null, problems, errorCount: 1 };
  }
  const bytes = await fs.readFile(file);
  let pipelineDir: string | undefined;
  if (opts.projectRoot !== undefined) {
    const rel = path.relative(path.resolve(opts.projectRoot), dir);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) pipelineDir = rel.split(path.sep).join('/');
  }
  const { pipeline, problems } = parse(bytes, { fileExists: stepFileExists(dir), pipelineDir });
  return { file, dir, layout, pipeline, problems, errorCount: countErrors(problems) };
}
