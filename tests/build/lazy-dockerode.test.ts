/**
 * scripts/bundle-packages.mjs bundles dockerode without gRPC, protobufjs and ssh2, which load from
 * node_modules when first used. A bundle made with it must not load them at start, and must load
 * them when an ssh:// engine or a BuildKit session asks for them (an error then is the engine's
 * answer, never a missing module).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAZY = /node_modules\/(@grpc|protobufjs|ssh2)\//;

let tmp: string;
let bundle: string;
beforeAll(async () => {
  const { lazyDockerode } = (await import(pathToFileURL(path.join(repo, 'scripts/bundle-packages.mjs')).href)) as { lazyDockerode: Plugin };
  tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-lazy-dockerode-'));
  const entry = path.join(tmp, 'entry.cjs');
  // Prints which lazy packages are loaded after start, after an ssh:// ping and after a BuildKit build.
  await writeFile(
    entry,
    `const Docker = require('dockerode');
const loaded = () => Object.keys(require.cache).filter((k) => ${LAZY}.test(k.split(require('path').sep).join('/'))).map((k) => k.match(${LAZY})[1]);
const report = {};
(async () => {
  report.atStart = [...new Set(loaded())];
  const ssh = new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 9, username: 'nobody', sshOptions: { readyTimeout: 2000 } });
  report.sshError = await ssh.ping().then(() => 'none', (e) => String(e && (e.code || e.message)));
  const tcp = new Docker({ host: '127.0.0.1', port: 9 });
  report.sessionError = await tcp.buildImage({ context: __dirname, src: ['entry.cjs'] }, { version: '2' }).then(() => 'none', (e) => String(e && (e.code || e.message)));
  report.atEnd = [...new Set(loaded())].sort();
  console.log(JSON.stringify(report));
})();
`,
  );
  bundle = path.join(tmp, 'bundle.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, plugins: [lazyDockerode], logLevel: 'silent', nodePaths: [path.join(repo, 'node_modules')] });
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('lazy dockerode in the bundles', () => {
  it('loads gRPC and ssh2 only when an ssh:// engine or a BuildKit session needs them', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bundle], { env: { ...process.env, NODE_PATH: path.join(repo, 'node_modules') }, timeout: 20_000 });
    const report = JSON.parse(stdout) as { atStart: string[]; sshError: string; sessionError: string; atEnd: string[] };
    expect(report.atStart).toEqual([]);
    expect(report.sshError).not.toMatch(/MODULE_NOT_FOUND|Cannot find module/);
    expect(report.sessionError).not.toMatch(/MODULE_NOT_FOUND|Cannot find module/);
    expect(report.atEnd).toEqual(['@grpc', 'protobufjs', 'ssh2']);
  });
});
