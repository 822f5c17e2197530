#!/usr/bin/env node
// Every production dependency (what `npm ci --omit=dev` installs), with its version and licence,
// from `npm ls --omit=dev --all --json` and each package's own package.json. Prints a table, then
// a count per licence. `--json` prints the list as JSON. npm's audit service cannot be reached
// from the machines this is built on, so this list, not `npm audit`, is what the README reports.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tree = JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

/** name@version → where npm would load it from, found by resolving from the package that needs it. */
const found = new Map();
function walk(deps, fromDir) {
  for (const [name, info] of Object.entries(deps ?? {})) {
    if (!info.version) continue;
    const key = `${name}@${info.version}`;
    let dir = null;
    try {
      dir = path.dirname(createRequire(path.join(fromDir, 'package.json')).resolve(`${name}/package.json`));
    } catch {
      dir = path.join(root, 'node_modules', name); // packages whose exports hide package.json
    }
    if (!found.has(key)) {
      let licence = 'UNKNOWN';
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
        const old = (pkg.licenses ?? []).map((l) => l.type ?? l).join(' OR ');
        licence = (typeof pkg.license === 'string' ? pkg.license : pkg.license?.type) || old || 'UNKNOWN';
      } catch {
        /* not installed here: listed as UNKNOWN */
      }
      found.set(key, { name, version: info.version, licence });
    }
    walk(info.dependencies, dir);
  }
}
walk(tree.dependencies, root);

const list = [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(list, null, 2));
} else {
  const w = Math.max(...list.map((d) => d.name.length));
  for (const d of list) console.log(`${d.name.padEnd(w)}  ${d.version.padEnd(10)}  ${d.licence}`);
  const counts = {};
  for (const d of list) counts[d.licence] = (counts[d.licence] ?? 0) + 1;
  console.log(`\n${list.length} production packages: ${Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([l, n]) => `${n} ${l}`).join(', ')}`);
}
