// Bundles the `orchest` command: main/src/cli/entry.ts (and the core it reaches) -> dist/cli/orchest.mjs,
// so no TypeScript is compiled at run time and no devDependency is needed (bin/orchest.js runs it).
// Code behind a dynamic import() (the commands, the core, the bridge) lands in dist/cli/chunks/ and
// loads only when used: `orchest --version` parses a few hundred bytes, `--help` no core.
// `npm run build:cli`; vitest runs it first too (globalSetup), so tests spawn the current code.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lazyDockerode } from './bundle-packages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'cli');
export const cliBuildOptions = {
  entryPoints: { orchest: path.join(root, 'main/src/cli/entry.ts') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Every package is bundled but what lazyDockerode leaves in node_modules (see bundle-packages.mjs).
  plugins: [lazyDockerode],
  // Less to parse at each start; names are kept, and the source map locates them.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  metafile: true,
  // Bundled CommonJS packages (commander, ws) call require() for Node's own modules.
  banner: { js: 'import { createRequire as __orchestCreateRequire } from "node:module"; const require = __orchestCreateRequire(import.meta.url);' },
  logLevel: 'warning',
};

/** Build dist/cli, then drop chunks of earlier builds (not before: a running `orchest` may still load its own). */
export async function buildCli() {
  const result = await build(cliBuildOptions);
  const current = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(root, f)));
  const files = await readdir(outdir, { recursive: true, withFileTypes: true });
  await Promise.all(
    files
      .filter((f) => f.isFile() && !current.has(path.join(f.parentPath, f.name)))
      .map((f) => rm(path.join(f.parentPath, f.name), { force: true })),
  );
}

/** vitest's globalSetup: the tests that spawn bin/orchest.js run what the sources say now. */
export async function setup() {
  await buildCli();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildCli().then(
    () => true,
    () => false, // esbuild printed why
  );
  if (!built) process.exit(1);
  console.log(`cli: built ${path.relative(root, outdir)}/orchest.mjs`);
}
