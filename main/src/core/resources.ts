import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shipped data folder (templates, SDK, runner, icons): `<repo>/resources` from this file's
 * place in main/src/core/. ORCHEST_RESOURCES_DIR overrides it for packaged builds, where the
 * bundle no longer sits at that depth.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORCHEST_RESOURCES_DIR) return path.resolve(env.ORCHEST_RESOURCES_DIR);
  return path.resolve(fileURLToPath(import.meta.url), '../../../../resources');
}
