/**
 * Issue 11's remote Docker hosts, against a second real engine with a filesystem of its own
 * (tests/support/remote-engine.ts), reached over SSH (key authentication) and over TCP:
 * examples/hello-pipeline (data passing, a script, a shell step, a notebook) gives the same logs and
 * outputs there as on the local engine; a step editing a project file brings the change back; a
 * connection lost mid-run ends the run FAILURE with the reason, and its containers are removed once
 * the engine answers again.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { utils as sshUtils } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRequest, RunState } from '../../main/src/api/runs.js';
import { createCore, type Core } from '../../main/src/core/core.js';
import { request } from '../../main/src/core/request.js';
import { APP_LABEL, LABEL } from '../../main/src/docker/containers.js';
import { TEST_IMAGE, waitFor } from '../../main/src/runs/testing/docker-env.js';
import { repoRoot } from '../support/orchest-cli.js';
import { startRemoteEngine, type RemoteEngine } from '../support/remote-engine.js';

const PIPELINE = '.orchest/pipeline.json';
const STEPS = {
  load: 'a1b2c3d4-0001-4000-8000-000000000001',
  square: 'a1b2c3d4-0002-4000-8000-000000000002',
  sum: 'a1b2c3d4-0003-4000-8000-000000000003',
  report: 'a1b2c3d4-0004-4000-8000-000000000004',
};

let engine: RemoteEngine;
let tmp: string;
const cores: Core[] = [];

beforeAll(async () => {
  engine = await startRemoteEngine([TEST_IMAGE]);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-remote-'));
}, 300_000);
afterAll(async () => {
  for (const core of cores) await core.dispose().catch(() => undefined);
  await engine?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 60_000);

/** A core on its own copy of a project, with the two remote engines configured as a user would. */
async function openCore(name: string, files?: Record<string, string>): Promise<{ core: Core; root: string }> {
  const root = path.join(tmp, name);
  await cp(path.join(repoRoot, 'examples', 'hello-pipeline'), root, { recursive: true });
  for (const [rel, text] of Object.entries(files ?? {})) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  const configDir = path.join(tmp, `${name}-config`);
  await mkdir(configDir, { recursive: true });
  await writeFile(
    path.join(configDir, 'config.json'),
    JSON.stringify({
      default_image: TEST_IMAGE,
      engines: {
        'box-ssh': { host: engine.sshHost, ssh: { identity_file: engine.identityFile, agent: false, known_hosts: engine.knownHostsFile } },
        'box-ssh-unknown': { host: engine.sshHost, ssh: { identity_file: engine.identityFile, agent: false, known_hosts: path.join(tmp, 'empty-known-hosts') } },
        'box-ssh-wrong-key': { host: engine.sshHost, ssh: { identity_file: engine.identityFile, agent: false, known_hosts: path.join(tmp, 'wrong-known-hosts') } },
        'box-tcp': { host: engine.tcpHost },
      },
    }),
  );
  const core = await createCore({ configDir, dataDir: path.join(tmp, `${name}-data`), mode: 'test', projectDir: root, watchProject: false });
  cores.push(core);
  return { core, root };
}

async function runToEnd(core: Core, req: RunRequest): Promise<RunState> {
  let id = '';
  const finals = new Map<string, RunState>();
  const off = core.subscribe((event, payload) => {
    const s = payload as RunState;
    if (event === 'run.updated' && (s.status === 'SUCCESS' || s.status === 'FAILURE' || s.status === 'ABORTED')) finals.set(s.id, s);
  });
  try {
    id = (await request(core, 'runs.start', req)).id;
    return await waitFor(`run ${id} to end`, () => finals.get(id), 240_000);
  } finally {
    off();
  }
}

const logs = async (state: RunState) => Object.fromEntries(await Promise.all(state.steps.map(async (s) => [s.title, await readFile(s.logPath, 'utf8')] as const)));

async function outputsOf(root: string): Promise<Record<string, string>> {
  const base = path.join(root, '.orchest', 'data');
  const out: Record<string, string> = {};
  for (const step of (await readdir(base).catch(() => [])).sort()) {
    for (const f of (await readdir(path.join(base, step))).sort()) {
      const bytes = await readFile(path.join(base, step, f));
      // A summary names the run that wrote it and when: the rest of it must be the same.
      if (f === 'summary.json') {
        const { runUuid: _r, writtenAt: _w, ...summary } = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
        out[`${step}/${f}`] = JSON.stringify(summary);
      } else out[`${step}/${f}`] = bytes.toString('base64');
    }
  }
  return out;
}

describe('remote Docker engines (a second real engine, over SSH and TCP)', () => {
  let local: { state: RunState; logs: Record<string, string>; outputs: Record<string, string> };

  it('runs examples/hello-pipeline locally first, as the reference', async () => {
    const { core, root } = await openCore('local');
    const state = await runToEnd(core, { pipeline: PIPELINE, engine: 'local' });
    expect(state.status, state.message).toBe('SUCCESS');
    expect(state.engine).toMatchObject({ name: 'local', remote: false, source: 'run' });
    local = { state, logs: await logs(state), outputs: await outputsOf(root) };
    expect(Object.keys(local.outputs).length).toBeGreaterThan(0);
  }, 300_000);

  for (const [name, label] of [
    ['box-ssh', 'SSH'],
    ['box-tcp', 'TCP'],
  ] as const) {
    it(`gives the same logs and outputs on the remote engine over ${label}, outputs fetched on demand`, async () => {
      const { core, root } = await openCore(`remote-${name}`);
      const state = await runToEnd(core, { pipeline: PIPELINE, engine: name });
      expect(state.status, state.message).toBe('SUCCESS');
      expect(state.engine).toMatchObject({ name, remote: true, source: 'run' });
      expect(state.steps.map((s) => [s.title, s.status])).toEqual(local.state.steps.map((s) => [s.title, s.status]));
      expect(await logs(state)).toEqual(local.logs);
      // The outputs stay on the engine until asked for.
      expect(await outputsOf(root)).toEqual({});
      for (const id of Object.values(STEPS)) {
        const fetched = await request(core, 'runs.fetchOutputs', { pipeline: PIPELINE, stepId: id });
        expect(fetched).toMatchObject({ engine: name, files: Object.keys(local.outputs).filter((k) => k.startsWith(`${id}/`)).length });
      }
      expect(await outputsOf(root)).toEqual(local.outputs);
      // Nothing of this machine was bind-mounted: the engine holds the project in its own volume.
      const volumes = (await engine.docker.listVolumes()).Volumes?.map((v) => v.Name) ?? [];
      expect(volumes.some((v) => v.startsWith('orchest-project-'))).toBe(true);
    }, 300_000);
  }

  it('checks the SSH host key against known_hosts: an unknown host says how to add it, a wrong key is refused', async () => {
    const { core } = await openCore('host-keys');
    const other = sshUtils.generateKeyPairSync('ed25519').public.split(' ').slice(0, 2).join(' ');
    await writeFile(path.join(tmp, 'wrong-known-hosts'), `[127.0.0.1]:${engine.sshPort} ${other}\n`);
    const unknown = await request(core, 'engines.check', { engine: 'box-ssh-unknown' });
    expect(unknown.reachable).toBe(false);
    expect(unknown.message).toContain(`[127.0.0.1]:${engine.sshPort} is not in ${path.join(tmp, 'empty-known-hosts')}`);
    expect(unknown.message).toContain(`ssh-keyscan -p ${engine.sshPort} 127.0.0.1 >> ${path.join(tmp, 'empty-known-hosts')}`);
    const wrong = await request(core, 'engines.check', { engine: 'box-ssh-wrong-key' });
    expect(wrong.reachable).toBe(false);
    expect(wrong.message).toMatch(/SSH host key of \[127\.0\.0\.1\]:\d+ is not the one in .*connection refused/);
    // A run there does not start either.
    await expect(request(core, 'runs.start', { pipeline: PIPELINE, engine: 'box-ssh-wrong-key' })).rejects.toThrow(/not the one in/);
    // Once the user adds the key as the message says, the same engine is used.
    await writeFile(path.join(tmp, 'empty-known-hosts'), await readFile(engine.knownHostsFile, 'utf8'));
    expect(await request(core, 'engines.check', { engine: 'box-ssh-unknown' })).toMatchObject({ reachable: true });
  }, 120_000);

  it('runs a job on the remote engine chosen for the project: each run on its own copy there, outputs brought back into its snapshot', async () => {
    const { core } = await openCore('job');
    await request(core, 'engines.select', { engine: 'box-tcp' });
    const job = await request(core, 'jobs.create', { definition: { name: 'on the box', pipeline: PIPELINE, parameters: { pipeline_parameters: { greeting: ['hi', 'ho'] } }, parallelRuns: 2 } });
    const done = await waitFor(
      'the job to end',
      async () => {
        const got = await request(core, 'jobs.get', { jobUuid: job.uuid });
        return ['SUCCESS', 'FAILURE', 'ABORTED'].includes(got.job.status) && got.runs.length === 2 && got.runs.every((r) => !['PENDING', 'STARTED'].includes(r.status)) ? got : null;
      },
      240_000,
    );
    expect(done.job.status, done.job.message).toBe('SUCCESS');
    for (const run of done.runs) {
      expect(run.status).toBe('SUCCESS');
      expect(run.steps.map((s) => s.title)).toEqual(local.state.steps.map((s) => s.title));
      // The same logs as the local run of the project (but for its greeting), and its outputs, in the run's own snapshot.
      const greeting = String(run.parameters.pipeline_parameters!.greeting);
      for (const s of run.steps) expect(await readFile(s.logPath, 'utf8')).toBe(local.logs[s.title]!.replace(/^hello:/m, `${greeting}:`));
      expect(await outputsOf(run.snapshotPath!)).toEqual(local.outputs);
    }
    // Each run had its own copy on the engine, removed once its outputs were back; the images were pinned there.
    const volumes = (await engine.docker.listVolumes()).Volumes?.map((v) => v.Name) ?? [];
    expect(volumes.filter((v) => v.startsWith('orchest-project-run-'))).toEqual([]);
    expect(done.job.images[STEPS.load]!.id).toMatch(/^sha256:/);
  }, 300_000);

  it('brings back the project files a step changed or made; the next run starts from the engine\'s copy', async () => {
    const { core, root } = await openCore('edits', {
      'load.py': 'import orchest\nopen("notes.txt", "a").write("written on the engine\\n")\nimport os\nos.makedirs("results", exist_ok=True)\nopen("results/summary.txt", "w").write("42\\n")\norchest.output([1, 2, 3], name="numbers")\n',
      'notes.txt': 'written here\n',
    });
    const state = await runToEnd(core, { pipeline: PIPELINE, engine: 'box-ssh', kind: 'selection', steps: [STEPS.load] });
    expect(state.status, state.message).toBe('SUCCESS');
    expect(await readFile(path.join(root, 'notes.txt'), 'utf8')).toBe('written here\nwritten on the engine\n');
    expect(await readFile(path.join(root, 'results', 'summary.txt'), 'utf8')).toBe('42\n');
    expect(state.message).toMatch(/2 changed files brought back from box-ssh/);
    // A second run: the engine's copy is the one it changed, so the step appends once more.
    const again = await runToEnd(core, { pipeline: PIPELINE, engine: 'box-ssh', kind: 'selection', steps: [STEPS.load] });
    expect(again.status, again.message).toBe('SUCCESS');
    expect(await readFile(path.join(root, 'notes.txt'), 'utf8')).toBe('written here\nwritten on the engine\nwritten on the engine\n');
  }, 300_000);

  it('builds a step\'s environment on the remote engine (the build context sent as a tar), not here', async () => {
    const env = 'e0e0e0e0-1111-4222-8333-444444444444';
    const { core, root } = await openCore('env-build', {
      [`.orchest/environments/${env}/properties.json`]: JSON.stringify({ name: 'Remote env', uuid: env, language: 'python', base_image: TEST_IMAGE, gpu_support: false }),
      [`.orchest/environments/${env}/setup_script.sh`]: 'echo built-on-the-engine > /etc/orchest-remote-marker\n',
      'load.py': 'print(open("/etc/orchest-remote-marker").read().strip())\n',
    });
    const pipelineFile = path.join(root, PIPELINE);
    const pipeline = JSON.parse(await readFile(pipelineFile, 'utf8')) as { steps: Record<string, { environment?: string }> };
    pipeline.steps[STEPS.load]!.environment = env;
    await writeFile(pipelineFile, JSON.stringify(pipeline, null, 2));
    const state = await runToEnd(core, { pipeline: PIPELINE, engine: 'box-tcp', kind: 'selection', steps: [STEPS.load] });
    expect(state.status, state.message).toBe('SUCCESS');
    expect(await readFile(state.steps[0]!.logPath, 'utf8')).toBe('built-on-the-engine\n');
    const built = (await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith('orchest-env-'));
    expect(built.length).toBe(1);
    const here = spawnSync('docker', ['image', 'inspect', built[0]!], { encoding: 'utf8' });
    expect(here.status).not.toBe(0);
  }, 300_000);

  /** A run of a step that prints and sleeps on box-ssh, its step container up on the engine. */
  async function sleepingRun(name: string) {
    const { core } = await openCore(name, { 'load.py': 'import time\nprint("started", flush=True)\ntime.sleep(120)\n' });
    const finals = new Map<string, RunState>();
    let started = false;
    core.subscribe((event, payload) => {
      const s = payload as RunState;
      if (event === 'run.updated' && s.steps[0]?.status === 'STARTED') started = true;
      if (event === 'run.updated' && (s.status === 'FAILURE' || s.status === 'SUCCESS' || s.status === 'ABORTED')) finals.set(s.id, s);
    });
    const runId = (await request(core, 'runs.start', { pipeline: PIPELINE, engine: 'box-ssh', kind: 'selection', steps: [STEPS.load] })).id;
    await waitFor('the step to start on the engine', () => started, 120_000);
    const ours = { filters: { label: [`${LABEL.app}=${APP_LABEL}`, `${LABEL.run}=${runId}`] } };
    await waitFor('the step container', async () => (await engine.docker.listContainers(ours)).length > 0, 30_000);
    return { runId, ours, final: () => finals.get(runId) };
  }

  for (const fault of [
    { name: 'lost', what: 'the engine stops answering (paused)', cut: () => engine.pause(), restore: () => engine.unpause(), engineGoesOn: false },
    { name: 'ssh-cut', what: 'its SSH connection is cut (sshd killed, the engine goes on)', cut: () => engine.cutSsh(), restore: () => engine.restoreSsh(), engineGoesOn: true },
  ]) {
    it(`ends a run FAILURE with the reason within 10 s when ${fault.what}, and removes its containers once it is back`, async () => {
      const run = await sleepingRun(fault.name);
      await fault.cut();
      try {
        const final = await waitFor(`the run to end after ${fault.what}`, run.final, 10_000);
        expect(final.status).toBe('FAILURE');
        expect(final.message).toMatch(/lost the connection to the engine box-ssh/);
        expect(final.steps[0]!.status).toBe('FAILURE');
        // Seen over TCP: the step's container is still running there, for the clean-up to remove.
        if (fault.engineGoesOn) expect((await engine.docker.listContainers(run.ours)).map((c) => c.State)).toEqual(['running']);
      } finally {
        await fault.restore();
      }
      await waitFor('the run\'s containers to be removed', async () => (await engine.docker.listContainers({ all: true, ...run.ours })).length === 0, 60_000);
    }, 300_000);
  }
});
