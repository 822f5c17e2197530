/**
 * Checks on a step's `file_path` (relative to the folder holding the pipeline definition), as
 * plain string logic so the renderer can use them too.
 */

/** "/x", "\\x" and "C:\x" / "C:/x" are all absolute: a pipeline must stay portable. */
export function isAbsoluteFilePath(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/**
 * A '\\' anywhere: Windows separators. On Linux "..\\x" names a file inside the folder, on Windows
 * it leaves it; Orchest's files use '/', so such a path is refused rather than read two ways.
 */
export function hasBackslash(p: string): boolean {
  return p.includes('\\');
}

/** How many levels above its starting folder a relative path reaches at its deepest ('../../x' → 2). */
export function levelsAbove(p: string): number {
  let depth = 0;
  let deepest = 0;
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      depth--;
      deepest = Math.min(deepest, depth);
    } else depth++;
  }
  return -deepest;
}

/** Number of folders in a project-relative folder path ('' = the project root → 0). */
export function folderDepth(dir: string): number {
  return dir.split('/').filter((s) => s !== '' && s !== '.').length;
}
