import path from 'node:path';
import type { FileTemplate } from '../api/project.js';
import { templateFileType } from '../common/step-file-types.js';
import { resourcesDir } from '../core/resources.js';

/** The extension a template's file must have, and the mode a new file gets. */
export function templateFile(template: FileTemplate): { ext: string; mode: number } {
  const type = templateFileType(template);
  return { ext: type.ext, mode: type.executable ? 0o755 : 0o644 };
}

/** resources/templates/step.<ext>: the starting content of a new step file. */
export function templatePath(template: FileTemplate): string {
  return path.join(resourcesDir(), 'templates', `step${templateFileType(template).ext}`);
}
