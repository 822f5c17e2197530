import type { PipelineLayout } from '../api/pipeline.js';

const FOLDER_DEF = '.orchest/pipeline.json';

/** Is this project-relative path a pipeline definition, and of which layout? */
export function pipelineLayoutOf(rel: string): PipelineLayout | null {
  if (rel === FOLDER_DEF || rel.endsWith(`/${FOLDER_DEF}`)) return 'folder';
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  if (name.endsWith('.orchest') && name !== '.orchest') return 'project';
  return null;
}

/** The folder a definition's step paths are relative to ('' = the project root). */
export function pipelineDirOf(rel: string, layout: PipelineLayout): string {
  if (layout === 'folder') return rel === FOLDER_DEF ? '' : rel.slice(0, -(FOLDER_DEF.length + 1));
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}
