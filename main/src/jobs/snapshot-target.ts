import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RunParameters } from '../api/jobs.js';
import { CoreError } from '../core/core-error.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { detectFormat, stringifyJson } from '../pipeline/serialize.js';
import { pipelineLayoutOf } from '../project/layout.js';
import { loadPipelineFile } from '../project/pipeline-file.js';
import { resolveInside } from '../project/rel-path.js';
import type { RunTarget } from '../runs/preflight.js';
import { withParameters } from './grid.js';

/** A snapshot folder as the run engine reads a project: its pipeline files and step files. */
export function snapshotTarget(root: string): RunTarget {
  return {
    root: () => root,
    resolve: (rel) => resolveInside(root, rel),
    async readPipeline(rel) {
      const layout = pipelineLayoutOf(rel);
      if (!layout) throw new CoreError('INVALID_ARGUMENT', `"${rel}" is not a pipeline file: expected <folder>/.orchest/pipeline.json or a *.orchest file.`);
      try {
        return (await loadPipelineFile(root, rel, layout)).document;
      } catch (err) {
        throw new CoreError('NOT_FOUND', `The pipeline file "${rel}" is not in the snapshot ${root}: ${(err as Error).message}`);
      }
    },
  };
}

/** Write one run's parameters into its copy's pipeline file (its layout kept): what get_params reads there. */
export async function writeRunParameters(copyRoot: string, pipelineRel: string, params: RunParameters): Promise<void> {
  if (!Object.keys(params).length) return;
  const file = resolveInside(copyRoot, pipelineRel);
  const text = await fs.readFile(file, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CoreError('INVALID_FILE', `The pipeline file ${path.basename(file)} in the snapshot is not JSON: ${(err as Error).message}`);
  }
  await atomicWrite(file, stringifyJson(withParameters(raw, params), detectFormat(text)));
}
