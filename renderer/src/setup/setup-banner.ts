import { isBuildActive } from '../../../main/src/common/statuses.js';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import type { RunnerKind } from '../../../main/src/api/runs.js';
import type { EngineProblem, EngineStatus, SetupState } from '../../../main/src/api/setup.js';

/** What the first-run banner above the canvas shows, if anything. Pure. */
export type SetupBanner =
  | { kind: 'none' }
  | { kind: 'missing-image'; image: string }
  | { kind: 'building'; image: string; build: SetupState }
  /** Built in this session; stays until dismissed, so the user sees it happened and can read the log. */
  | { kind: 'ready'; image: string }
  | { kind: 'failed'; image: string; message: string; command?: string }
  | { kind: 'docker-unreachable'; problem: EngineProblem };

export interface BannerInput {
  engine: EngineStatus | null;
  build: SetupState | null;
  /** Why the last build request was refused. */
  startError: string | null;
  pipeline: Pipeline | null;
  /** The runner the next run will use (config default_runner). */
  runner: RunnerKind | null;
}

/** Steps that name neither an environment nor an image run in the default image. */
export function usesDefaultImage(pipeline: Pipeline): boolean {
  return Object.values(pipeline.steps).some((s) => !(s.environment ?? '').trim() && !(s.image ?? '').trim());
}

export function setupBanner({ engine, build, startError, pipeline, runner }: BannerInput): SetupBanner {
  if (!engine) return { kind: 'none' };
  const image = engine.defaultImage.name;
  if (build && isBuildActive(build.status)) return { kind: 'building', image: build.image, build };
  if (build?.status === 'SUCCESS' && build.method !== 'present' && build.image === image && engine.defaultImage.present) return { kind: 'ready', image };
  // The local runner needs no Docker; an empty pipeline runs nothing.
  if (runner === 'local' || !pipeline || Object.keys(pipeline.steps).length === 0) return { kind: 'none' };
  if (!engine.reachable) return engine.problem ? { kind: 'docker-unreachable', problem: engine.problem } : { kind: 'none' };
  if (engine.defaultImage.present !== false || !usesDefaultImage(pipeline)) return { kind: 'none' };
  if (startError) return { kind: 'failed', image, message: startError };
  if (build?.status === 'FAILURE' && build.image === image) return { kind: 'failed', image, message: build.message ?? 'The build failed (see the log).', ...(build.command ? { command: build.command } : {}) };
  return { kind: 'missing-image', image };
}
