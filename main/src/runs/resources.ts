import { existsSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../core/resources.js';

export interface StepResources {
  /** Folder holding the `orchest` package (goes on PYTHONPATH). */
  sdkDir: string;
  /** Folder holding run_step.py. */
  runnerDir: string;
}

export const RUNNER_SCRIPT = 'run_step.py';

/** The SDK and step runner shipped in resources/ (ORCHEST_RESOURCES_DIR in packaged builds). */
export function findStepResources(env: NodeJS.ProcessEnv = process.env): StepResources {
  const base = resourcesDir(env);
  const found = { sdkDir: path.join(base, 'sdk'), runnerDir: path.join(base, 'runner') };
  if (!existsSync(path.join(found.sdkDir, 'orchest', '__init__.py')) || !existsSync(path.join(found.runnerDir, RUNNER_SCRIPT))) {
    throw new Error(`The step runner and SDK are missing from ${base} (expected sdk/orchest/ and runner/${RUNNER_SCRIPT}); set ORCHEST_RESOURCES_DIR.`);
  }
  return found;
}
