// Bundles the Electron shell: electron/main.ts -> dist/electron/main.cjs (with the core from main/src
// and its packages) and electron/preload.ts -> dist/electron/preload.cjs (self-contained: a sandboxed
// preload can require nothing but 'electron').
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lazyDockerode } from '../scripts/bundle-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');

/**
 * The core is ESM and finds files next to its sources (`import.meta.url`: package.json, resources/).
 * A CJS bundle has no import.meta, so each use becomes the source file's own location, computed from
 * the bundle's __dirname: relative paths then resolve as they do when the core runs from source.
 */
const importMetaShim = {
  name: 'import-meta-shim',
  setup(b) {
    b.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta')) return { contents: source, loader: 'ts' };
      const rel = (p) => JSON.stringify(path.relative(outdir, p).split(path.sep).join('/'));
      const contents = source
        .replace(/\bimport\.meta\.url\b/g, `__orchestSourceUrl(${rel(args.path)})`)
        .replace(/\bimport\.meta\.filename\b/g, `__orchestSourcePath(${rel(args.path)})`)
        .replace(/\bimport\.meta\.dirname\b/g, `__orchestSourcePath(${rel(path.dirname(args.path))})`);
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  outdir,
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron'],
};

/** Exported for electron/preload-bundle.test.ts, which checks what the sandbox will load. */
export const mainBuildOptions = {
  ...common,
  entryPoints: { main: path.join(root, 'electron/main.ts') },
  platform: 'node',
  target: 'node22',
  // As the CLI bundle: every package but what lazyDockerode leaves in node_modules (see scripts/bundle-packages.mjs).
  plugins: [importMetaShim, lazyDockerode],
  // Top-level helpers for the shim: named so no source binding (e.g. a local `require`) shadows them.
  banner: {
    js: [
      '"use strict";',
      'const __orchestSourcePath = (rel) => require("node:path").join(__dirname, rel);',
      'const __orchestSourceUrl = (rel) => require("node:url").pathToFileURL(__orchestSourcePath(rel)).href;',
    ].join('\n'),
  },
};

export const preloadBuildOptions = {
  ...common,
  entryPoints: { preload: path.join(root, 'electron/preload.ts') },
  platform: 'browser',
  target: 'chrome130',
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await Promise.all([build(mainBuildOptions), build(preloadBuildOptions)]).catch(() => null); // esbuild printed why
  if (!built) process.exit(1);
  console.log(`electron: built ${path.relative(root, outdir)}/main.cjs and preload.cjs`);
}
