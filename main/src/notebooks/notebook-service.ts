import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { notebookSchema, type NotebookDocument } from '../api/notebooks.js';
import { parseJsonText } from '../common/json-text.js';
import { projectPathFor } from '../common/project-paths.js';
import { CoreError } from '../core/core-error.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { linkOutside, linkOutsideMessage } from '../fs/link-outside.js';
import type { ProjectService } from '../project/project-service.js';
import { toApiPath } from '../project/rel-path.js';
import { pipelineArtefacts, stepExecutedNotebookPath } from '../runs/artefacts.js';
import { setCellTag } from './cell-tags.js';

/** Notebooks of the open project, for the preview: read, the last run's executed copy, skip tags. */
export interface NotebookService {
  read(rel: string): Promise<NotebookDocument>;
  readExecuted(pipeline: string, stepId: string): Promise<NotebookDocument | null>;
  setSkip(req: { path: string; cell: number; cellId?: string; skip: boolean; baseHash?: string }): Promise<NotebookDocument>;
}

/** Larger notebooks are not previewed (images inline make them big; the browser must stay responsive). */
export const MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024;
const BOM = '\uFEFF';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** Parse a notebook file; `name` is how messages call it. Never throws anything but CoreError. */
function parseNotebook(bytes: Buffer, name: string): { text: string; notebook: NotebookDocument['notebook'] } {
  const parsed = parseJsonText(bytes);
  if (!parsed.ok) throw new CoreError('INVALID_FILE', `"${name}" is not a notebook that can be read: ${parsed.message}. Fix it (e.g. in JupyterLab) and try again; it was not changed.`);
  const checked = notebookSchema.safeParse(parsed.value);
  if (!checked.success) throw new CoreError('INVALID_FILE', `"${name}" is not an nbformat 4 notebook (it needs a list of "cells"); it was not changed.`);
  return { text: parsed.text, notebook: checked.data };
}

/** A notebook file, parsed and checked; `key` is how messages call it. Throws only CoreError (NOT_FOUND when absent). */
export async function loadNotebookFile(abs: string, key: string): Promise<{ bytes: Buffer; doc: NotebookDocument; text: string }> {
  let bytes: Buffer;
  let modifiedAt: number;
  try {
    const st = await fs.stat(abs);
    if (st.isDirectory()) throw new CoreError('INVALID_ARGUMENT', `"${key}" is a folder, not a notebook.`);
    if (st.size > MAX_NOTEBOOK_BYTES) throw new CoreError('INVALID_FILE', `"${key}" is ${Math.round(st.size / 1024 / 1024)} MiB, too large to preview here: open it in JupyterLab.`);
    bytes = await fs.readFile(abs);
    modifiedAt = st.mtimeMs;
  } catch (err) {
    if (err instanceof CoreError) throw err;
    if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') throw new CoreError('NOT_FOUND', `"${key}" does not exist.`);
    throw new CoreError('INVALID_FILE', `"${key}" cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { text, notebook } = parseNotebook(bytes, key);
  return { bytes, text, doc: { path: key, hash: sha256(bytes), notebook, modifiedAt } };
}

export function createNotebookService({ project }: { project: ProjectService }): NotebookService {
  async function locate(rel: string): Promise<{ key: string; abs: string }> {
    const root = project.root();
    const abs = project.resolve(rel);
    const key = toApiPath(root, abs);
    if (!key.toLowerCase().endsWith('.ipynb')) throw new CoreError('INVALID_ARGUMENT', `"${key}" is not a notebook (.ipynb).`);
    const outside = await linkOutside(root, abs);
    if (outside) throw new CoreError('INVALID_ARGUMENT', linkOutsideMessage(key, outside, 'the project folder'));
    return { key, abs };
  }

  return {
    async read(rel) {
      const { key, abs } = await locate(rel);
      return (await loadNotebookFile(abs, key)).doc;
    },

    async readExecuted(pipelinePath, stepId) {
      const doc = await project.readPipeline(pipelinePath);
      const step = doc.pipeline?.steps[stepId];
      if (!step) throw new CoreError('NOT_FOUND', `Pipeline "${doc.path}" has no step ${stepId}.`);
      const uuid = doc.pipeline?.uuid ?? doc.uuid;
      const file = stepExecutedNotebookPath(pipelineArtefacts(project.root(), { layout: doc.layout, dir: doc.dir, ...(uuid ? { uuid } : {}) }), stepId);
      const source = projectPathFor(doc.dir, step.file_path);
      try {
        const { doc: executed } = await loadNotebookFile(file, `the executed notebook of "${step.title || stepId}"`);
        return { ...executed, path: source };
      } catch (err) {
        if (err instanceof CoreError && err.code === 'NOT_FOUND') return null;
        throw err;
      }
    },

    async setSkip({ path: rel, cell, cellId, skip, baseHash }) {
      const { key, abs } = await locate(rel);
      const { bytes, text, doc } = await loadNotebookFile(abs, key);
      if (baseHash !== undefined && baseHash !== doc.hash) {
        throw new CoreError('CONFLICT', `"${key}" changed on disk since it was shown: look at it again, then toggle the tag.`, { hash: doc.hash });
      }
      const target = doc.notebook.cells[cell];
      if (!target) throw new CoreError('INVALID_ARGUMENT', `"${key}" has ${doc.notebook.cells.length} cells; there is no cell ${cell + 1}.`);
      if (cellId !== undefined && target.id !== undefined && target.id !== cellId) {
        throw new CoreError('CONFLICT', `Cell ${cell + 1} of "${key}" is not the cell shown (it changed on disk): look at it again.`, { hash: doc.hash });
      }
      const bom = text.startsWith(BOM) ? BOM : '';
      const edit = setCellTag(text.slice(bom.length), cell, 'skip', skip);
      if (!edit.ok) throw new CoreError('INVALID_FILE', `The skip tag of cell ${cell + 1} in "${key}" cannot be changed here: ${edit.reason}. The file was not changed.`);
      if (!edit.changed) return doc;
      const next = Buffer.from(bom + edit.text, 'utf8');
      // Re-read just before replacing: an editor that saved meanwhile wins, and says so.
      const now = await fs.readFile(abs).catch(() => null);
      if (!now || !now.equals(bytes)) throw new CoreError('CONFLICT', `"${key}" changed on disk meanwhile: look at it again, then toggle the tag.`);
      await atomicWrite(abs, next);
      const st = await fs.stat(abs);
      return { path: key, hash: sha256(next), notebook: parseNotebook(next, key).notebook, modifiedAt: st.mtimeMs };
    },
  };
}
