import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'orchest-desktop';
let cachedRoot: string | undefined;

/**
 * The app's own folder (package.json, resources/, renderer/dist): the nearest folder above this
 * code holding our package.json. The same code runs from main/src/core/ (tests), from the CLI
 * bundle in dist/cli/ and the shell's in dist/electron/, in a checkout or in the packaged app
 * (resources/app/), so no fixed depth fits them all.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return (cachedRoot = dir);
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} folder (its package.json) above ${here}.`);
  }
}

/**
 * The shipped data folder (templates, SDK, runner, icons, the offline image builder):
 * `<app>/resources`. ORCHEST_RESOURCES_DIR overrides it (a build that puts it elsewhere).
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORCHEST_RESOURCES_DIR) return path.resolve(env.ORCHEST_RESOURCES_DIR);
  return path.join(appRoot(), 'resources');
}

/** The built UI that `orchest serve` and the shell serve (`npm run build` makes it). */
export function rendererDistDir(): string {
  return path.join(appRoot(), 'renderer', 'dist');
}
