/**
 * Every edit the editor makes to a pipeline, as pure functions: new objects for what changed,
 * the same objects for what did not (the canvas relies on that to skip unchanged nodes), and
 * unknown fields carried along untouched. An edit that changes nothing returns its input.
 */
import { wouldCreateCycle } from '../../../../main/src/common/graph.js';
import type { Pipeline, Step } from '../../../../main/src/api/pipeline.js';
import { kernelForFile } from '../../../../main/src/common/step-file-types.js';
import { titleForFile } from './file-paths.js';
import { parentMap, stepLabel } from './parent-map.js';

export type Position = [number, number];
export type EditOutcome = { ok: true; pipeline: Pipeline } | { ok: false; message: string };

function withSteps(pipeline: Pipeline, steps: Record<string, Step>): Pipeline {
  return { ...pipeline, steps };
}

function replaceStep(pipeline: Pipeline, id: string, step: Step): Pipeline {
  return withSteps(pipeline, { ...pipeline.steps, [id]: step });
}

/** The environment most steps use, so a new step runs like its neighbours. */
export function commonEnvironment(pipeline: Pipeline): string | undefined {
  const counts = new Map<string, number>();
  for (const step of Object.values(pipeline.steps)) {
    if (step.environment) counts.set(step.environment, (counts.get(step.environment) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [env, count] of counts) if (count > bestCount) [best, bestCount] = [env, count];
  return best;
}

/** "Step 3" style title not used yet. */
export function freshTitle(pipeline: Pipeline, base = 'Step'): string {
  const taken = new Set(Object.values(pipeline.steps).map((s) => s.title));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

export interface NewStep {
  uuid: string;
  position: Position;
  /** Relative to the pipeline's folder; '' for a step without a file yet. */
  file_path?: string;
  title?: string;
  /** The project's default environment; without one, the environment most steps use. */
  environment?: string;
}

export function addStep(pipeline: Pipeline, spec: NewStep): Pipeline {
  const filePath = spec.file_path ?? '';
  const environment = spec.environment ?? commonEnvironment(pipeline);
  const step: Step = {
    uuid: spec.uuid,
    title: spec.title ?? (filePath ? titleForFile(filePath) : freshTitle(pipeline)),
    file_path: filePath,
    incoming_connections: [],
    ...(environment ? { environment } : {}),
    kernel: kernelForFile(filePath),
    parameters: {},
    meta_data: { hidden: false, position: roundPosition(spec.position) },
  };
  return replaceStep(pipeline, spec.uuid, step);
}

/** Make `source`'s output an input of `target` (appended: the last unnamed input). */
export function connect(pipeline: Pipeline, source: string, target: string): EditOutcome {
  const child = pipeline.steps[target];
  if (!pipeline.steps[source] || !child) return { ok: false, message: 'Both steps must exist to connect them' };
  const arrow = `${stepLabel(pipeline, source)} → ${stepLabel(pipeline, target)}`;
  if (child.incoming_connections.includes(source)) return { ok: false, message: `${arrow} are already connected` };
  if (wouldCreateCycle(parentMap(pipeline), source, target)) {
    return { ok: false, message: `Connecting ${arrow} would create a cycle` };
  }
  const step = { ...child, incoming_connections: [...child.incoming_connections, source] };
  return { ok: true, pipeline: replaceStep(pipeline, target, step) };
}

export function disconnect(pipeline: Pipeline, source: string, target: string): Pipeline {
  const child = pipeline.steps[target];
  if (!child || !child.incoming_connections.includes(source)) return pipeline;
  const step = { ...child, incoming_connections: child.incoming_connections.filter((p) => p !== source) };
  return replaceStep(pipeline, target, step);
}

/** Delete steps and every connection to or from them. */
export function deleteSteps(pipeline: Pipeline, ids: Iterable<string>): Pipeline {
  const gone = new Set([...ids].filter((id) => id in pipeline.steps));
  if (gone.size === 0) return pipeline;
  const steps: Record<string, Step> = {};
  for (const [id, step] of Object.entries(pipeline.steps)) {
    if (gone.has(id)) continue;
    const kept = step.incoming_connections.filter((p) => !gone.has(p));
    steps[id] = kept.length === step.incoming_connections.length ? step : { ...step, incoming_connections: kept };
  }
  return withSteps(pipeline, steps);
}

/** Remove several connections at once (one undo entry); each is [source, target]. */
export function disconnectAll(pipeline: Pipeline, edges: Iterable<readonly [string, string]>): Pipeline {
  let next = pipeline;
  for (const [source, target] of edges) next = disconnect(next, source, target);
  return next;
}

function roundPosition([x, y]: Position): Position {
  return [Math.round(x), Math.round(y)];
}

export function moveSteps(pipeline: Pipeline, positions: Readonly<Record<string, Position>>): Pipeline {
  let steps: Record<string, Step> | null = null;
  for (const [id, position] of Object.entries(positions)) {
    const step = pipeline.steps[id];
    if (!step) continue;
    const [x, y] = roundPosition(position);
    const old = step.meta_data.position;
    if (old && old[0] === x && old[1] === y) continue;
    steps ??= { ...pipeline.steps };
    steps[id] = { ...step, meta_data: { ...step.meta_data, position: [x, y] } };
  }
  return steps ? withSteps(pipeline, steps) : pipeline;
}

/** Fields the properties panel edits; `undefined` removes the field (e.g. clearing an old `image`). */
export type StepPatch = Partial<Pick<Step, 'title' | 'file_path' | 'environment' | 'image' | 'kernel' | 'parameters' | 'resources'>>;

export function updateStep(pipeline: Pipeline, id: string, patch: StepPatch): Pipeline {
  const step = pipeline.steps[id];
  if (!step) return pipeline;
  const next: Record<string, unknown> = { ...step };
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) {
      if (key in next) {
        delete next[key];
        changed = true;
      }
    } else if (JSON.stringify(next[key]) !== JSON.stringify(value)) {
      next[key] = value;
      changed = true;
    }
  }
  return changed ? replaceStep(pipeline, id, next as Step) : pipeline;
}

/** Move one parent up (-1) or down (+1) in a step's inputs: this is the order of unnamed inputs. */
export function moveIncoming(pipeline: Pipeline, id: string, parent: string, delta: -1 | 1): Pipeline {
  const step = pipeline.steps[id];
  if (!step) return pipeline;
  const from = step.incoming_connections.indexOf(parent);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= step.incoming_connections.length) return pipeline;
  const order = [...step.incoming_connections];
  [order[from], order[to]] = [order[to]!, order[from]!];
  return replaceStep(pipeline, id, { ...step, incoming_connections: order });
}

export function setPipelineName(pipeline: Pipeline, name: string): Pipeline {
  return pipeline.name === name ? pipeline : { ...pipeline, name };
}

export function setPipelineParameters(pipeline: Pipeline, parameters: Record<string, unknown>): Pipeline {
  return JSON.stringify(pipeline.parameters) === JSON.stringify(parameters) ? pipeline : { ...pipeline, parameters };
}

export type SettingsPatch = Partial<Pick<Pipeline['settings'], 'max_steps_parallelism' | 'auto_eviction' | 'data_passing_memory_size'>>;

export function setPipelineSettings(pipeline: Pipeline, patch: SettingsPatch): Pipeline {
  const settings = { ...pipeline.settings, ...patch };
  return JSON.stringify(settings) === JSON.stringify(pipeline.settings) ? pipeline : { ...pipeline, settings };
}
