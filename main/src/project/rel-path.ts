import path from 'node:path';
import { CoreError } from '../core/core-error.js';
import { hasBackslash, isAbsoluteFilePath } from '../pipeline/step-path.js';

/** A project-relative path in the API's form: '/'-separated, normalised, '' for the root. */
export function toApiPath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel.split(path.sep).join('/');
}

/**
 * The absolute path of `rel` inside `root`. Absolute paths and paths that leave the project
 * ('../x', 'a/../../x') are refused: the API only ever touches the open folder. So are '\\'
 * separators ("..\\x", "\\\\server\\share"): the API's paths use '/', on every system.
 */
export function resolveInside(root: string, rel: string): string {
  if (rel.includes('\0')) throw new CoreError('INVALID_ARGUMENT', 'A path cannot contain a NUL character.');
  if (path.isAbsolute(rel) || isAbsoluteFilePath(rel)) {
    throw new CoreError('INVALID_ARGUMENT', `Expected a path relative to the project folder, got the absolute path "${rel}".`);
  }
  if (hasBackslash(rel)) {
    throw new CoreError('INVALID_ARGUMENT', `The path "${rel}" has a '\\' in it: paths are relative to the project folder and use '/' (e.g. "${rel.replace(/\\/g, '/')}").`);
  }
  const abs = path.resolve(root, rel);
  const back = path.relative(root, abs);
  if (back === '..' || back.startsWith(`..${path.sep}`) || path.isAbsolute(back)) {
    throw new CoreError('INVALID_ARGUMENT', `The path "${rel}" leaves the project folder ${root}.`);
  }
  return abs;
}

/** A pipeline's definition path as the API takes it: normalised, inside the project. */
export function normalizePipelinePath(rel: string): string {
  // '\\' and drive letters are refused, not translated: the same rule as every path of the API.
  const p = path.posix.normalize(rel).replace(/^\.\/+/, '');
  if (!p || p === '.' || p.startsWith('../') || p === '..' || isAbsoluteFilePath(rel) || path.posix.isAbsolute(p) || hasBackslash(rel)) {
    throw new CoreError('INVALID_ARGUMENT', `"${rel}" is not a pipeline path inside the project: give it relative to the project folder, with '/'.`);
  }
  return p;
}
