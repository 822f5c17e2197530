#!/usr/bin/env node
// The `orchest` command: runs the CLI bundle that `npm run build` makes (dist/cli/orchest.mjs), so it
// needs no compiler and no devDependency at run time.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/orchest.mjs', import.meta.url);
if (!existsSync(bundle)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(`orchest: the command is not built yet (${fileURLToPath(bundle)} is missing). Run \`npm run build\` in ${root} first.`);
  process.exit(1);
}
await import(bundle.href);
