import path from 'node:path';
import * as z from 'zod';
import { outputSummarySchema, type OutputSummary, type StepOutputs } from '../api/outputs.js';
import type { Pipeline } from '../api/pipeline.js';
import type { RunState } from '../api/runs.js';
import { CoreError } from '../core/core-error.js';
import type { ProjectService } from '../project/project-service.js';
import { isSafeStepId, pipelineArtefacts } from '../runs/artefacts.js';
import { outputState, type StoredOutput } from './output-state.js';
import { MAX_SUMMARY_FILE_BYTES, MAX_THUMBNAIL_FILE_BYTES, readOutputFile } from './read-output-file.js';
import { receiversOf } from './receivers.js';

export const SUMMARY_FILE = 'summary.json';
export const META_FILE = 'meta.json';

/** What the data view shows of the steps' outputs: only their summaries are read, never the data. */
export interface OutputService {
  /** Every step of the pipeline (in its order), or the one `stepId`. */
  list(pipelinePath: string, stepId?: string): Promise<StepOutputs[]>;
  /** A thumbnail the step's summary names, as base64. */
  thumbnail(pipelinePath: string, stepId: string, file: string): Promise<{ mime: 'image/png' | 'image/jpeg'; base64: string }>;
}

export interface OutputServiceDeps {
  project: ProjectService;
  /** The pipeline's last run (the run service's runs.last). */
  lastRun(pipelinePath: string): Promise<RunState | null>;
}

const metaSchema = z.object({ name: z.string().max(1000).nullable().optional(), format: z.string().max(100).nullable().optional(), step_uuid: z.string().max(200).optional() });

/**
 * The output folder's summary, or, without a valid one, what meta.json says and why there is no
 * summary. `root`: the folder it must not link out of (the project, or a recorded run's folder).
 */
export async function readStoredOutput(root: string, folder: string): Promise<StoredOutput> {
  const file = await readOutputFile(root, folder, SUMMARY_FILE, MAX_SUMMARY_FILE_BYTES);
  let problem: string;
  if (file.ok) {
    const parsed = parseSummary(file.bytes);
    if (parsed.ok) return { kind: 'summary', summary: parsed.summary };
    problem = `its summary is not valid (${parsed.error}); re-run the step.`;
  } else {
    problem = file.reason === 'absent' ? 'it was written by an SDK that makes none, or the summary could not be written; re-run the step.' : file.message;
  }
  const meta = await readOutputFile(root, folder, META_FILE, MAX_SUMMARY_FILE_BYTES);
  if (!meta.ok) return meta.reason === 'absent' && !file.ok && file.reason === 'absent' ? { kind: 'absent' } : { kind: 'no-summary', summary: unknownOutput(null, null, problem) };
  let parsedMeta: z.infer<typeof metaSchema> = {};
  try {
    parsedMeta = metaSchema.parse(JSON.parse(meta.bytes.toString('utf8')));
  } catch {
    // An unreadable meta.json: the child's get_inputs() will say so; here only the name is lost.
  }
  return { kind: 'no-summary', summary: unknownOutput(parsedMeta.name ?? null, parsedMeta.format ?? null, problem) };
}

function parseSummary(bytes: Buffer): { ok: true; summary: OutputSummary } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  const parsed = outputSummarySchema.safeParse(json);
  return parsed.success ? { ok: true, summary: parsed.data } : { ok: false, error: z.prettifyError(parsed.error).split('\n').slice(0, 3).join(' ') };
}

function unknownOutput(name: string | null, format: string | null, error: string): OutputSummary {
  return { version: 1, name, format, runUuid: null, writtenAt: 0, type: 'unknown', kind: 'object', error: error.slice(0, 1000) };
}

export function createOutputService({ project, lastRun }: OutputServiceDeps): OutputService {
  async function locate(pipelinePath: string): Promise<{ pipeline: Pipeline; dataDir: string; root: string }> {
    const doc = await project.readPipeline(pipelinePath);
    if (!doc.pipeline) throw new CoreError('INVALID_FILE', `Pipeline "${pipelinePath}" is invalid, so its outputs cannot be found: fix it first (orchest validate ${pipelinePath}).`);
    const root = project.root();
    const uuid = doc.pipeline.uuid ?? doc.uuid;
    const { dataDir } = pipelineArtefacts(root, { layout: doc.layout, dir: doc.dir, ...(uuid ? { uuid } : {}) });
    return { pipeline: doc.pipeline, dataDir, root };
  }

  return {
    async list(pipelinePath, stepId) {
      const { pipeline, dataDir, root } = await locate(pipelinePath);
      if (stepId !== undefined && !pipeline.steps[stepId]) throw new CoreError('NOT_FOUND', `Pipeline "${pipelinePath}" has no step ${stepId}.`);
      const run = await lastRun(pipelinePath);
      const ids = Object.keys(pipeline.steps).filter(isSafeStepId);
      // Every step's summary: a child's inputs depend on its other parents' output names too.
      const stored = new Map(await Promise.all(ids.map(async (id) => [id, await readStoredOutput(root, path.join(dataDir, id))] as const)));
      const nameOf = (id: string) => {
        const s = stored.get(id);
        return !s || s.kind === 'absent' ? undefined : s.summary.name;
      };
      const wanted = stepId !== undefined ? [stepId] : ids;
      return wanted.map((id): StepOutputs => {
        const s = stored.get(id) ?? { kind: 'absent' as const };
        const inRun = run?.steps.find((x) => x.uuid === id);
        return {
          stepId: id,
          title: pipeline.steps[id]!.title,
          ...outputState(id, s, run),
          run: run ? { id: run.id, status: run.status, ...(run.endedAt !== undefined ? { endedAt: run.endedAt } : {}) } : null,
          ...(inRun ? { stepStatus: inRun.status } : {}),
          outputs: s.kind === 'absent' ? [] : [s.summary],
          receivers: receiversOf(pipeline, id, nameOf),
        };
      });
    },

    async thumbnail(pipelinePath, stepId, file) {
      const { pipeline, dataDir, root } = await locate(pipelinePath);
      if (!pipeline.steps[stepId] || !isSafeStepId(stepId)) throw new CoreError('NOT_FOUND', `Pipeline "${pipelinePath}" has no step ${stepId}.`);
      const read = await readOutputFile(root, path.join(dataDir, stepId), file, MAX_THUMBNAIL_FILE_BYTES);
      if (!read.ok) {
        throw new CoreError('NOT_FOUND', read.reason === 'absent' ? `The output of step "${pipeline.steps[stepId]!.title || stepId}" has no ${file} any more: it was replaced or deleted; look again.` : read.message);
      }
      return { mime: file.endsWith('.png') ? 'image/png' : 'image/jpeg', base64: read.bytes.toString('base64') };
    },
  };
}
