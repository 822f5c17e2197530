/**
 * Project-relative paths ('/'-separated, '' = the project root) and step `file_path`s (relative to
 * the folder holding the pipeline definition). Pure string logic: the renderer uses it too.
 */

function normalize(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out;
}

/**
 * A project file's path as a step's `file_path`, which is relative to the folder holding the
 * pipeline definition (`dir`, '' = project root). Files outside that folder get `../`.
 */
export function stepPathFor(dir: string, projectPath: string): string {
  const from = normalize(dir.split('/'));
  const to = normalize(projectPath.split('/'));
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/** The project-relative path of a step's `file_path`. */
export function projectPathFor(dir: string, filePath: string): string {
  return normalize([...dir.split('/'), ...filePath.split('/')]).join('/');
}

/** Is `p` the path `base` itself or inside it (both project-relative)? */
export function isAtOrUnder(p: string, base: string): boolean {
  return base === '' || p === base || p.startsWith(`${base}/`);
}

/** `p` after moving `from` to `to`: changed when it is `from` or inside it, else the same. */
export function movedPath(p: string, from: string, to: string): string {
  if (p === from) return to;
  return p.startsWith(`${from}/`) ? `${to}${p.slice(from.length)}` : p;
}
