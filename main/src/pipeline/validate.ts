import { pipelineSchema, type Pipeline, type Problem } from '../api/pipeline.js';
import { findCycle } from '../common/graph.js';
import { cpusProblem, memoryProblem } from '../common/step-limits.js';
import { isPlainObject, orderLike } from './json-value.js';
import { schemaProblems, stepLabel } from './problems.js';
import { serviceProblems } from './services.js';
import { folderDepth, hasBackslash, isAbsoluteFilePath, levelsAbove } from './step-path.js';

export interface ValidateOptions {
  /**
   * Does a step's file exist? Called with the step's `file_path` (relative to the pipeline's
   * folder). Absent: files are not checked. A missing file is a warning: the user may be about
   * to create it, and the rest of the pipeline still runs.
   */
  fileExists?: (filePath: string) => boolean;
  /**
   * The pipeline's folder relative to the project root ('' = root). A step's file may then
   * reach up this many folders (it stays inside the mounted project); without it, a file_path
   * must stay inside the pipeline's own folder.
   */
  pipelineDir?: string;
}

export interface DefinitionCheck {
  /** The typed definition, or null when the schema rejects it. Key order of the input is kept. */
  pipeline: Pipeline | null;
  problems: Problem[];
}

/** A step as far as the graph checks can read it, even when the schema rejects it. */
interface StepView {
  key: string;
  uuid: unknown;
  filePath: unknown;
  parents: string[];
}

function stepViews(rawSteps: unknown): StepView[] {
  if (!isPlainObject(rawSteps)) return [];
  return Object.entries(rawSteps).map(([key, step]) => {
    const s = isPlainObject(step) ? step : {};
    const conns = Array.isArray(s.incoming_connections) ? s.incoming_connections : [];
    return { key, uuid: s.uuid, filePath: s.file_path, parents: conns.filter((c): c is string => typeof c === 'string') };
  });
}

/** Errors in the step graph: key/uuid mismatch, unknown parents, cycles, escaping file paths. */
export function graphProblems(raw: unknown, opts: ValidateOptions = {}): Problem[] {
  const rawSteps = isPlainObject(raw) ? raw.steps : undefined;
  const steps = stepViews(rawSteps);
  const ids = new Set(steps.map((s) => s.key));
  const label = (id: string) => stepLabel(rawSteps, id);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const problems: Problem[] = [];
  const maxUp = opts.pipelineDir === undefined ? 0 : folderDepth(opts.pipelineDir);

  for (const step of steps) {
    const at = (field: string) => `steps.${step.key}.${field}`;
    if (typeof step.uuid === 'string' && step.uuid !== step.key) {
      problems.push({
        severity: 'error',
        stepId: step.key,
        field: at('uuid'),
        message: `${cap(label(step.key))} is stored under the key "${step.key}" but its uuid is "${step.uuid}"; the two must match.`,
      });
    }
    const listed = new Set<string>();
    for (const parent of step.parents) {
      if (!ids.has(parent)) {
        problems.push({
          severity: 'error',
          stepId: step.key,
          field: at('incoming_connections'),
          message: `${cap(label(step.key))} has an incoming connection from "${parent}", which is not a step of this pipeline.`,
        });
      } else if (listed.has(parent)) {
        problems.push({
          severity: 'warning',
          stepId: step.key,
          field: at('incoming_connections'),
          message: `${cap(label(step.key))} lists the incoming connection from ${label(parent)} twice.`,
        });
      }
      listed.add(parent);
    }
    if (typeof step.filePath === 'string') {
      const fp = step.filePath;
      if (fp.trim() === '') {
        problems.push({ severity: 'warning', stepId: step.key, field: at('file_path'), message: `${cap(label(step.key))} has no file yet.` });
      } else if (isAbsoluteFilePath(fp)) {
        problems.push({
          severity: 'error',
          stepId: step.key,
          field: at('file_path'),
          message: `${cap(label(step.key))} has the absolute file path "${fp}"; it must be relative to the pipeline's folder.`,
        });
      } else if (hasBackslash(fp)) {
        problems.push({
          severity: 'error',
          stepId: step.key,
          field: at('file_path'),
          message: `${cap(label(step.key))} has the file path "${fp}" with a '\\' in it; write it with '/' (e.g. "${fp.replace(/\\/g, '/')}"), relative to the pipeline's folder.`,
        });
      } else if (levelsAbove(fp) > maxUp) {
        problems.push({
          severity: 'error',
          stepId: step.key,
          field: at('file_path'),
          message:
            `${cap(label(step.key))} has the file path "${fp}", which leaves the ` +
            `${opts.pipelineDir === undefined ? "pipeline's folder" : 'project folder'}; steps can only run files inside it.`,
        });
      } else if (opts.fileExists && !opts.fileExists(fp)) {
        problems.push({
          severity: 'warning',
          stepId: step.key,
          field: at('file_path'),
          message: `${cap(label(step.key))}: the file "${fp}" does not exist.`,
        });
      }
    }
  }

  // Report every cycle, not just the first: break each found cycle at its closing edge and look
  // again. Each round removes an edge, so this ends.
  const graph: Record<string, string[]> = Object.fromEntries(steps.map((s) => [s.key, [...s.parents]]));
  for (;;) {
    const cycle = findCycle(graph);
    if (!cycle) break;
    const first = cycle[0]!;
    const last = cycle[cycle.length - 1]!;
    const names = [...cycle, first].map(label).join(' → ');
    problems.push({
      severity: 'error',
      stepId: first,
      field: `steps.${first}.incoming_connections`,
      message:
        cycle.length === 1
          ? `${cap(label(first))} is connected to itself; a pipeline cannot have cycles.`
          : `Steps form a cycle (each feeds the next): ${names}. A pipeline cannot have cycles; remove one of these connections.`,
    });
    graph[first] = graph[first]!.filter((p) => p !== last);
  }
  return problems;
}

/** Errors in steps' CPU and memory limits (their types are the schema's job). */
export function limitProblems(raw: unknown): Problem[] {
  const rawSteps = isPlainObject(raw) ? raw.steps : undefined;
  if (!isPlainObject(rawSteps)) return [];
  const problems: Problem[] = [];
  for (const [key, step] of Object.entries(rawSteps)) {
    const res = isPlainObject(step) && isPlainObject(step.resources) ? step.resources : null;
    if (!res) continue;
    const who = stepLabel(rawSteps, key);
    const add = (field: string, problem: string | null) => {
      if (problem) problems.push({ severity: 'error', stepId: key, field: `steps.${key}.resources.${field}`, message: `The CPU/memory limits of ${who}: ${problem}` });
    };
    if (typeof res.cpus === 'number') add('cpus', cpusProblem(res.cpus));
    if ((typeof res.memory === 'string' && res.memory.trim() !== '') || typeof res.memory === 'number') add('memory', memoryProblem(res.memory));
  }
  return problems;
}

/**
 * Check a definition (a parsed JSON value, or a Pipeline from a client): schema, then graph.
 * The graph is checked even when the schema fails, so the user sees every problem at once.
 * `pipeline` is null only when the schema fails; graph errors leave it set (the editor can
 * still draw it), and they count in the errorCount.
 */
export function checkDefinition(raw: unknown, opts: ValidateOptions = {}): DefinitionCheck {
  const problems: Problem[] = [];
  if (!isPlainObject(raw)) {
    const found = Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw}`;
    problems.push({ severity: 'error', message: `A pipeline definition must be a JSON object, but this file holds ${found}.` });
    return { pipeline: null, problems };
  }
  const parsed = pipelineSchema.safeParse(raw);
  if (!parsed.success) problems.push(...schemaProblems(parsed.error, raw));
  problems.push(...graphProblems(raw, opts), ...limitProblems(raw), ...serviceProblems(raw));
  return { pipeline: parsed.success ? orderLike(raw, parsed.data) : null, problems };
}
