/**
 * Every method of the contract, fuzzed over the WebSocket bridge of a real `orchest serve`, run
 * under strace: random and hostile arguments (tests/security/testing/hostile-args.ts) and
 * malformed frames. The server answers each with an envelope and keeps serving; it executes no
 * program; it opens, writes, creates or removes nothing outside the open project, its HOME (config
 * and data) and its own install; a folder outside the project, reachable through a link inside
 * it and named by absolute paths, is never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../main/src/api/method-names.js';
import { errorCodes } from '../../main/src/api/errors.js';
import { connectWs } from '../../main/src/bridge/testing/ws-client.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { repoRoot } from '../support/orchest-cli.js';
import { changes, snapshot, type Snapshot } from '../support/fs-snapshot.js';
import { hostileArgs, PROGRAM_STARTING_METHODS, type FuzzWorld } from './testing/hostile-args.js';
import { isUnder, summarise } from './testing/strace-log.js';

const PER_METHOD = Number(process.env.ORCHEST_FUZZ_RUNS ?? 100);
const hasStrace = spawnSync('strace', ['-V']).status === 0;

let world: FuzzWorld;
let home: string;
let project: string;
let traceFile: string;
let outsideBefore: Snapshot;
let server: ReturnType<typeof spawn>;
let url: string;
let output = '';

beforeAll(async () => {
  if (!hasStrace) throw new Error('strace is missing: apt-get install -y strace (scripts/setup-test-env.sh installs it)');
  home = await tempDir('orchest-fuzz-home-');
  project = await tempDir('orchest-fuzz-project-');
  const outside = await tempDir('orchest-fuzz-outside-');
  await fs.writeFile(path.join(outside, 'secret.txt'), 'must stay unread');
  await fs.mkdir(path.join(outside, 'x', '.orchest'), { recursive: true });
  await fs.writeFile(path.join(outside, 'x', '.orchest', 'pipeline.json'), JSON.stringify({ name: 'outside', uuid: 'o', steps: {} }));
  await fs.symlink(outside, path.join(project, 'out'));
  // A project with a pipeline whose step names a file through the link, and an environment.
  await fs.writeFile(path.join(project, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'p-1', steps: { s: { uuid: 's', title: 's', file_path: 'out/secret.txt', incoming_connections: [], parameters: {}, meta_data: {} } } }));
  await fs.mkdir(path.join(project, '.orchest/environments/e'), { recursive: true });
  await fs.writeFile(path.join(project, '.orchest/environments/e/properties.json'), JSON.stringify({ name: 'e', uuid: 'e', language: 'python', base_image: 'debian:12', gpu_support: false }));
  // No engine to reach: nothing in this test may start a container or connect anywhere.
  await fs.mkdir(path.join(home, '.config/orchest'), { recursive: true });
  await fs.writeFile(path.join(home, '.config/orchest/config.json'), JSON.stringify({ docker_host: `unix://${home}/no-docker.sock` }));
  world = { outside, linkOut: 'out' };
  outsideBefore = await snapshot(outside);

  traceFile = path.join(await tempDir('orchest-fuzz-trace-'), 'strace.log');
  server = spawn('strace', ['-f', '-y', '-qq', '-s', '512', '-e', 'trace=%file,%process', '-o', traceFile, process.execPath, path.join(repoRoot, 'bin/orchest.js'), 'serve', project, '--port', '0'], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`orchest serve printed no URL within 60 s:\n${output}`)), 60_000);
    server.stdout!.on('data', () => {
      const m = output.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    server.once('exit', (code) => reject(new Error(`orchest serve exited with ${code}:\n${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});

const FUZZED_METHODS = METHOD_NAMES.filter((m) => !PROGRAM_STARTING_METHODS.includes(m));
const token = () => new URL(url).searchParams.get('token')!;

describe('fuzzing the API over the WebSocket bridge (orchest serve under strace)', () => {
  it(`answers ${PER_METHOD} hostile calls of each of the ${FUZZED_METHODS.length} methods that start no program with an envelope, and keeps serving`, async () => {
    const client = await connectWs(url, token());
    const internal: string[] = [];
    let calls = 0;
    for (const method of FUZZED_METHODS) {
      const samples = fc.sample(hostileArgs(method, world), { numRuns: PER_METHOD, seed: 12 });
      for (const args of samples) {
        const answer = await client.call(method, args);
        calls++;
        const envelope = answer as { result?: unknown; error?: { code: string; message: string } };
        expect('result' in envelope || 'error' in envelope, method).toBe(true);
        if (envelope.error) {
          expect(errorCodes, `${method}: ${envelope.error.message}`).toContain(envelope.error.code);
          expect(envelope.error.message.length, method).toBeGreaterThan(5);
          if (envelope.error.code === 'INTERNAL') internal.push(`${method}(${String(JSON.stringify(args)).slice(0, 200)}): ${envelope.error.message}`);
        }
      }
      // Whatever the last call did (opened another folder, failed), the server still answers.
      expect((await client.call('app.info', {})).result, `after ${method}`).toBeTruthy();
      await client.call('project.open', { path: project });
    }
    expect(calls).toBe(PER_METHOD * FUZZED_METHODS.length);
    expect(internal).toEqual([]);
    await client.close();
  }, 600_000);

  it('answers malformed frames with an error and keeps the connection', async () => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/\?.*$/, '')}/ws?token=${token()}`);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const answers: string[] = [];
    ws.on('message', (d) => {
      if ('id' in (JSON.parse(d.toString()) as object)) answers.push(d.toString()); // not the events
    });
    const frames: Array<string | Buffer> = ['not json', '{"id":1}', '{"method":"app.info"}', '{"id":"1","method":"app.info"}', '[]', 'null', '{"id":1,"method":"","args":{}}', `{"id":1,"method":"${'x'.repeat(500)}"}`, Buffer.from([0xff, 0xfe, 0x00]), `{"id":1,"method":"app.info","args":${'['.repeat(100_000)}${']'.repeat(100_000)}}`];
    for (const f of frames) ws.send(f);
    ws.send(JSON.stringify({ id: 99, method: 'app.info', args: {} }));
    await expect.poll(() => answers.some((a) => (JSON.parse(a) as { id: number }).id === 99), { timeout: 10_000 }).toBe(true);
    const parsed = answers.map((a) => JSON.parse(a) as { id: number; error?: { code: string } });
    expect(parsed.filter((a) => a.id !== 99 && !(a.error && errorCodes.includes(a.error.code as never)))).toEqual([]);
    expect(parsed.filter((a) => a.id === -1).length).toBeGreaterThanOrEqual(6);
    ws.close();
  });

  it('executed no program, touched nothing outside its roots, and never reached the outside folder', async () => {
    // Stop the traced node (strace's child) as Ctrl+C would; strace ends with it.
    const exited = new Promise((r) => server.once('exit', r));
    const node = Number((await fs.readFile(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8')).trim().split(/\s+/)[0]);
    process.kill(node, 'SIGTERM');
    await exited;
    const trace = summarise(await fs.readFile(traceFile, 'utf8'));
    // The first execve is node itself (strace starting it); any other is a spawned program.
    expect(trace.execs.slice(1)).toEqual([]);
    expect(trace.execs[0]).toContain(process.execPath);

    const outsideReal = await fs.realpath(world.outside);
    // Resolving the link (readlink, lstat) is how the app sees that it leads out; opening, listing or
    // changing anything there would be using it.
    const reached = trace.accesses.filter((a) => (a.writes || /^(open|chdir|inotify)/.test(a.syscall)) && a.paths.some((p) => isUnder(p, outsideReal)));
    expect(reached.map((a) => a.line)).toEqual([]);
    expect(changes(outsideBefore, await snapshot(world.outside))).toEqual([]);

    const mainModules = await fs.realpath(path.join(repoRoot, 'node_modules'));
    const writable = [project, home, '/dev/null'];
    const readable = [...writable, repoRoot, mainModules, '/usr', '/lib', '/lib64', '/proc', '/sys', '/dev', '/etc/ld.so.cache', '/etc/localtime', '/etc/ssl', '/etc/hosts', '/etc/resolv.conf', '/etc/nsswitch.conf', '/etc/host.conf', '/etc/gai.conf'];
    const writes = trace.accesses.filter((a) => a.writes && a.paths.some((p) => !writable.some((r) => isUnder(p, r))));
    expect(writes.map((a) => a.line)).toEqual([]);
    // Opening a file is reading it; stat and the like on the way to a root are not.
    const opens = trace.accesses.filter((a) => /^open/.test(a.syscall) && !/ENOENT|ENOTDIR/.test(a.line) && a.paths.some((p) => !readable.some((r) => isUnder(p, r))));
    expect(opens.map((a) => a.line)).toEqual([]);
    expect(await fs.stat('/tmp/orchest-pwned').catch(() => null)).toBeNull();
  }, 60_000);
});
