import type { FileTemplate } from '../../../../main/src/api/project.js';
import { stepFileType } from '../../../../main/src/common/step-file-types.js';

export { projectPathFor, stepPathFor } from '../../../../main/src/common/project-paths.js';

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
