import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PipelineLayout } from '../api/pipeline.js';
import { stepFileType } from '../common/step-file-types.js';
import { CoreError } from '../core/core-error.js';

/** Where a pipeline's run artefacts live (see docs/orchest-format.md). */
export interface PipelineArtefacts {
  /** Step outputs passed downstream: <dataDir>/<step uuid>/. */
  dataDir: string;
  logsDir: string;
}

export interface PipelineLocation {
  layout: PipelineLayout;
  /** The pipeline's folder, relative to the project root ('' = root). */
  dir: string;
  uuid?: string;
}

/**
 * folder layout:  <pipeline dir>/.orchest/data/ and .orchest/logs/
 * project layout: <project>/.orchest/pipelines/<pipeline uuid>/data/ and .../logs/
 */
export function pipelineArtefacts(projectRoot: string, where: PipelineLocation): PipelineArtefacts {
  if (where.layout === 'folder') {
    const base = path.join(projectRoot, where.dir, '.orchest');
    return { dataDir: path.join(base, 'data'), logsDir: path.join(base, 'logs') };
  }
  if (!where.uuid || !/^[A-Za-z0-9._-]+$/.test(where.uuid) || where.uuid.startsWith('.')) {
    throw new CoreError('INVALID_ARGUMENT', `The pipeline has no usable "uuid" (${JSON.stringify(where.uuid ?? null)}), so its run artefacts have no folder.`);
  }
  const base = path.join(projectRoot, '.orchest', 'pipelines', where.uuid);
  return { dataDir: path.join(base, 'data'), logsDir: path.join(base, 'logs') };
}

/** Step ids become file names: refuse anything that could leave the logs folder. */
export function isSafeStepId(id: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(id) && id !== '.' && id !== '..';
}

export function stepLogPath(artefacts: PipelineArtefacts, stepId: string): string {
  if (!isSafeStepId(stepId)) throw new CoreError('INVALID_ARGUMENT', `"${stepId}" is not a valid step id.`);
  return path.join(artefacts.logsDir, `${stepId}.log`);
}

/** The notebook of a notebook step as its last run executed it, with outputs, beside its log. */
export function stepExecutedNotebookPath(artefacts: PipelineArtefacts, stepId: string): string {
  if (!isSafeStepId(stepId)) throw new CoreError('INVALID_ARGUMENT', `"${stepId}" is not a valid step id.`);
  return path.join(artefacts.logsDir, `${stepId}.ipynb`);
}

/**
 * Where a notebook step's runner keeps the notebook as it ran (null for other steps), the last
 * run's copy removed first: the preview must never show an old run as this one.
 */
export async function freshExecutedNotebook(artefacts: PipelineArtefacts, stepId: string, filePath: string): Promise<string | null> {
  const file = executedNotebookOf(artefacts, stepId, filePath);
  if (file) await fs.rm(file, { force: true }).catch(() => undefined);
  return file;
}

/** Where a notebook step's executed notebook goes; null for other steps. */
export function executedNotebookOf(artefacts: PipelineArtefacts, stepId: string, filePath: string): string | null {
  return stepFileType(filePath)?.kind === 'notebook' ? stepExecutedNotebookPath(artefacts, stepId) : null;
}

/**
 * Remove a step's previous output before it runs (a child must never read a stale one). False when
 * it could not be removed from here (permissions): the step runner then tries as the step's user.
 */
export async function clearStepOutput(artefacts: PipelineArtefacts, stepId: string): Promise<boolean> {
  if (!isSafeStepId(stepId)) return false;
  try {
    await fs.rm(path.join(artefacts.dataDir, stepId), { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}
