/**
 * Benchmarks (reported, not asserted): `npm run bench [-- NAME...]`, NAME in cli, engine, data, arrow, editor, env, cancel, jobs.
 * Each prints the command that produced it and a ratio against a baseline measured in the same run.
 * The CLI is built first (npm run build:cli): `cli` and `engine` measure the bundle users run.
 */
import { buildCli } from '../scripts/build-cli.mjs';

const all: Record<string, () => Promise<void>> = {
  cli: async () => (await import('./cli.bench.js')).cliBench(),
  engine: async () => (await import('./engine.bench.js')).engineBench(),
  data: async () => (await import('./data-passing.bench.js')).dataPassingBench(),
  arrow: async () => (await import('./data-passing.bench.js')).arrowBench(),
  editor: async () => (await import('./editor.bench.js')).editorBench(),
  env: async () => (await import('./environment.bench.js')).environmentBench(),
  cancel: async () => (await import('./cancel.bench.js')).cancelBench(),
  jobs: async () => (await import('./jobs.bench.js')).jobsBench(),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = names.length ? names : Object.keys(all);
console.log(`$ npm run bench -- ${chosen.join(' ')}`);
await buildCli();
let failed = false;
for (const name of chosen) {
  const bench = all[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; choose from ${Object.keys(all).join(', ')}`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  try {
    await bench();
  } catch (err) {
    failed = true;
    console.error(`benchmark ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
export {};
