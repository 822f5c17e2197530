/**
 * Environment variables and secrets in runs, with the local runner (real processes, the real
 * variables service and its file); the same against Docker is in run-variables.docker.test.ts.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRequestSchema, type LogChunk, type RunState } from '../api/runs.js';
import { EventBus } from '../core/event-bus.js';
import { createVariableService } from '../variables/variable-service.js';
import { createRunService } from './run-service.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './testing/fake-services.js';
import { createProject } from './testing/project-fixture.js';
import { runRequest } from './testing/run-request.js';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-runvars-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const PRINT_ENV = 'import os\nfor k in ("REGION", "LEVEL", "API_TOKEN"):\n    print(k, "=", os.environ.get(k))\nprint("again:", os.environ["API_TOKEN"])\n';

describe('runs with variables (local runner)', () => {
  it('gives every step the project values, the pipeline values over them, the run values over both; a secret reads *** in logs and events', async () => {
    const fx = await createProject({ steps: [{ uuid: 'show', file: 'show.py', source: PRINT_ENV, resources: { memory: '1g' } }] });
    const project = fakeProject(fx.root);
    const variables = createVariableService({ configDir: tmp, project });
    await variables.set({}, [
      { name: 'REGION', value: 'eu-west', secret: false },
      { name: 'LEVEL', value: 'from-project', secret: false },
      { name: 'API_TOKEN', value: 'tok-9f8e7d', secret: true },
    ]);
    await variables.set({ pipeline: fx.pipelinePath }, [{ name: 'LEVEL', value: 'from-pipeline', secret: false }]);
    const bus = new EventBus();
    const chunks: LogChunk[] = [];
    const states: RunState[] = [];
    bus.subscribe((event, payload) => {
      if (event === 'run.log') chunks.push(payload as LogChunk);
      if (event === 'run.updated') states.push(payload as RunState);
    });
    const runs = createRunService({ config: fakeConfig({ default_runner: 'local' }), project, environments: fakeEnvironments(), variables, bus, dataDir: path.join(tmp, 'data') });
    try {
      const first = await runs.wait((await runs.start(runRequest({ pipeline: fx.pipelinePath }))).id);
      expect(first.status).toBe('SUCCESS');
      expect(first.message).toContain('the local runner cannot enforce CPU and memory limits (1 step has them)');
      const log = await fx.readLog('show');
      expect(log).toContain('REGION = eu-west\nLEVEL = from-pipeline\nAPI_TOKEN = ***\nagain: ***\n');
      expect(log).toContain('[orchest] the local runner cannot enforce CPU and memory limits');
      expect(log).not.toContain('tok-9f8e7d');
      expect(chunks.map((c) => c.text).join('')).toBe(log);
      expect(JSON.stringify(states)).not.toContain('tok-9f8e7d');

      const second = await runs.wait((await runs.start(runRequest({ pipeline: fx.pipelinePath, env: { LEVEL: 'from-run', API_TOKEN: 'run-secret' } }))).id);
      expect(second.status).toBe('SUCCESS');
      const log2 = await fx.readLog('show');
      expect(log2).toContain('LEVEL = from-run\nAPI_TOKEN = ***\n');
      expect(log2).not.toContain('run-secret');
      // History on disk holds no value either.
      const history = await fs.readdir(path.join(tmp, 'data', 'runs'), { recursive: true });
      for (const f of history.filter((f) => f.endsWith('.json'))) expect(await fs.readFile(path.join(tmp, 'data', 'runs', f), 'utf8')).not.toMatch(/tok-9f8e7d|run-secret/);
    } finally {
      await runs.dispose();
      await fx.cleanup();
    }
  });

  it('refuses an ORCHEST_* name for a run, saying it is reserved (the contract checks every run request)', () => {
    const parsed = runRequestSchema.safeParse({ pipeline: 'p.orchest', env: { ORCHEST_STEP_UUID: 'x' } });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([expect.stringContaining('"ORCHEST_STEP_UUID" is reserved')]);
  });
});
