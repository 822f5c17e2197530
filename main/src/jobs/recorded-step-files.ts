import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunRecord, RunRecordStep } from '../api/jobs.js';
import type { NotebookDocument } from '../api/notebooks.js';
import type { OutputState, OutputSummary } from '../api/outputs.js';
import { CoreError } from '../core/core-error.js';
import { linkOutside } from '../fs/link-outside.js';
import { loadNotebookFile } from '../notebooks/notebook-service.js';
import { META_FILE, readStoredOutput, SUMMARY_FILE } from '../outputs/output-service.js';
import { MAX_THUMBNAIL_FILE_BYTES, readOutputFile } from '../outputs/read-output-file.js';
import { isSafeStepId } from '../runs/artefacts.js';
import type { JobStore } from './job-store.js';

/**
 * What a step of a recorded run left, read-only and only from the app's job data: a job run's
 * own copy (its logs folder keeps the executed notebook beside the step log, its data folder the
 * outputs' summaries), or what an interactive run's record kept when it ended (the live project's
 * files belong to its next run).
 */

/** The folder a recorded run's files must stay in, and where its step's files are. */
export interface StepFilePlaces {
  base: string;
  /** The step's output folder (summary.json, meta.json, thumbnails). */
  outputs: string | null;
  /** `<step>.ipynb` beside the step's log. */
  executedNotebook: string;
}

/** Where an interactive run's record keeps a step's output summaries when the run ends. */
export const keptOutputsDir = (historyDir: string, stepId: string): string => path.join(historyDir, 'outputs', stepId);
export const keptNotebookPath = (historyDir: string, stepId: string): string => path.join(historyDir, 'logs', `${stepId}.ipynb`);

/** The output files the data view reads; the data itself is never copied nor read. */
export const isSummaryFile = (name: string): boolean => name === SUMMARY_FILE || name === META_FILE || /^thumbnail-\d{1,3}\.(png|jpg)$/.test(name);

export function stepFilePlaces(store: JobStore, r: RunRecord, step: RunRecordStep): StepFilePlaces {
  if (!isSafeStepId(step.uuid)) throw new CoreError('INVALID_ARGUMENT', `"${step.uuid}" is not a valid step id.`);
  if (r.kind === 'interactive' || !r.jobUuid) {
    const base = store.historyDir(r.projectRoot, r.uuid);
    return { base, outputs: keptOutputsDir(base, step.uuid), executedNotebook: keptNotebookPath(base, step.uuid) };
  }
  const base = store.runDir(r.jobUuid, r.uuid);
  const logsDir = step.logPath ? path.dirname(step.logPath) : path.join(base, 'missing');
  return { base, outputs: r.outputsDir ? path.join(r.outputsDir, step.uuid) : null, executedNotebook: path.join(logsDir, `${step.uuid}.ipynb`) };
}

/** Refuse a path (from a record on disk) outside the run's folder, or reaching out of it through a link. */
async function inside(base: string, file: string): Promise<void> {
  const rel = path.relative(base, file);
  const outside = rel.startsWith('..') || path.isAbsolute(rel) ? file : await linkOutside(base, file).catch(() => null);
  if (outside) throw new CoreError('INVALID_FILE', `The run's record points at ${outside}, outside its folder ${base}: it is not read.`);
}

export interface RecordedOutputs {
  state: OutputState;
  message: string;
  outputs: OutputSummary[];
}

/** A step's output summaries in a recorded run, and what they mean for that run. */
export async function readRecordedOutputs(places: StepFilePlaces, r: RunRecord, step: RunRecordStep): Promise<RecordedOutputs> {
  const unfinished = step.status === 'PENDING' || step.status === 'STARTED';
  if (unfinished) return { state: 'running', message: step.status === 'STARTED' ? 'This step is running: its output appears when it has finished.' : 'The run has not reached this step yet.', outputs: [] };
  // Stopped before its end (cancelled, or going when the app stopped; its start may not be on
  // record, run files being written spaced): what it left is no result, as runs.artifacts says.
  if (step.status === 'ABORTED') return { state: 'failed', message: `The step did not finish in this run (${step.message ?? 'cancelled'}): its output is not shown.`, outputs: [] };
  let stored: Awaited<ReturnType<typeof readStoredOutput>> = { kind: 'absent' };
  if (places.outputs) {
    await inside(places.base, places.outputs);
    stored = await readStoredOutput(places.base, places.outputs);
  }
  if (stored.kind === 'no-summary') return { state: 'summary-missing', message: `The step left an output but no readable summary of it: ${stored.summary.error ?? 'it was written without one.'}`, outputs: [stored.summary] };
  if (stored.kind === 'summary') {
    const mine = stored.summary.runUuid === r.uuid;
    return { state: mine ? 'ready' : 'stale', message: mine ? 'Written by this run.' : `Not written by this run (${stored.summary.runUuid ? `by run ${stored.summary.runUuid.slice(0, 8)}` : 'outside a run'}).`, outputs: [stored.summary] };
  }
  if (step.attempts === 0) return { state: 'not-run', message: 'The step did not run in this run.', outputs: [] };
  if (step.status === 'FAILURE') return { state: 'failed', message: `The step failed in this run${step.message ? ` (${step.message})` : ''}: see its log.`, outputs: [] };
  return { state: 'none', message: 'No output: the step ran without calling orchest.output(...).', outputs: [] };
}

/** A thumbnail a step's summary names, as base64. */
export async function readRecordedThumbnail(places: StepFilePlaces, file: string): Promise<{ mime: 'image/png' | 'image/jpeg'; base64: string }> {
  if (!places.outputs || !/^thumbnail-\d{1,3}\.(png|jpg)$/.test(file)) throw new CoreError('NOT_FOUND', `The step's output has no ${file}.`);
  await inside(places.base, places.outputs);
  const read = await readOutputFile(places.base, places.outputs, file, MAX_THUMBNAIL_FILE_BYTES);
  if (!read.ok) throw new CoreError('NOT_FOUND', read.reason === 'absent' ? `The step's output has no ${file} (it was cleaned up).` : read.message);
  return { mime: file.endsWith('.png') ? 'image/png' : 'image/jpeg', base64: read.bytes.toString('base64') };
}

/** The notebook as the step executed it in that run; null when it kept none (not a notebook step, a remote engine, an older run). */
export async function readRecordedNotebook(places: StepFilePlaces, sourcePath: string, title: string): Promise<NotebookDocument | null> {
  await inside(places.base, places.executedNotebook);
  try {
    const { doc } = await loadNotebookFile(places.executedNotebook, `the executed notebook of "${title}"`);
    return { ...doc, path: sourcePath };
  } catch (err) {
    if (err instanceof CoreError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/**
 * Keep an interactive run's executed notebook and output summaries beside its record (the next
 * run of the pipeline replaces the project's). Best effort: a file that cannot be copied is just
 * not shown later.
 */
export async function keepStepFiles(historyDir: string, step: RunRecordStep, outputsDir: string): Promise<void> {
  const notebook = path.join(path.dirname(step.logPath), `${step.uuid}.ipynb`);
  await fs.copyFile(notebook, keptNotebookPath(historyDir, step.uuid)).catch(() => undefined);
  if (!outputsDir || !isSafeStepId(step.uuid)) return;
  const from = path.join(outputsDir, step.uuid);
  const names = (await fs.readdir(from).catch(() => [] as string[])).filter(isSummaryFile);
  if (!names.length) return;
  const to = keptOutputsDir(historyDir, step.uuid);
  await fs.mkdir(to, { recursive: true });
  // lstat: a link the step's code left in its folder is not followed out of it.
  for (const name of names) {
    const st = await fs.lstat(path.join(from, name)).catch(() => null);
    if (st?.isFile()) await fs.copyFile(path.join(from, name), path.join(to, name)).catch(() => undefined);
  }
}
