import type { FileTemplate } from '../../../../main/src/api/project.js';
import { stepFileType } from '../../../../main/src/common/step-file-types.js';

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

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** "data/load_data.ipynb" -> "load_data": a sensible default step title. */
export function titleForFile(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Templates `file.create` knows, by the extension the user typed. */
export function templateForName(name: string): FileTemplate | null {
  return stepFileType(name)?.template ?? null;
}
