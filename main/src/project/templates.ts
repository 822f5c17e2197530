import path from 'node:path';
import type { FileTemplate } from '../api/project.js';
import { resourcesDir } from '../core/resources.js';

/** The extension each template's file must have, and the mode a new file gets. */
export const TEMPLATES: Readonly<Record<FileTemplate, { ext: string; mode: number }>> = {
  py: { ext: '.py', mode: 0o644 },
  ipynb: { ext: '.ipynb', mode: 0o644 },
  R: { ext: '.R', mode: 0o644 },
  sh: { ext: '.sh', mode: 0o755 },
};

/** resources/templates/step.<ext>: the starting content of a new step file. */
export function templatePath(template: FileTemplate): string {
  return path.join(resourcesDir(), 'templates', `step${TEMPLATES[template].ext}`);
}
