import path from 'node:path';
import { CoreError } from '../core/core-error.js';

/** A project-relative path in the API's form: '/'-separated, normalised, '' for the root. */
export function toApiPath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel.split(path.sep).join('/');
}

/**
 * The absolute path of `rel` inside `root`. Absolute paths and paths that leave the project
 * ('../x', 'a/../../x') are refused: the API only ever touches the open folder.
 */
export function resolveInside(root: string, rel: string): string {
  if (rel.includes('\0')) throw new CoreError('INVALID_ARGUMENT', 'A path cannot contain a NUL character.');
  if (path.isAbsolute(rel) || /^[A-Za-z]:[\\/]/.test(rel) || rel.startsWith('\\')) {
    throw new CoreError('INVALID_ARGUMENT', `Expected a path relative to the project folder, got the absolute path "${rel}".`);
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
  const p = path.posix.normalize(rel.replace(/\\/g, '/')).replace(/^\.\/+/, '');
  if (!p || p === '.' || p.startsWith('../') || p === '..' || path.posix.isAbsolute(p)) {
    throw new CoreError('INVALID_ARGUMENT', `"${rel}" is not a pipeline path inside the project.`);
  }
  return p;
}
