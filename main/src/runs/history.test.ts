import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunState } from '../api/runs.js';
import { historyFile, RunHistory } from './history.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-hist-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const state = (status: RunState['status'], n = 1): RunState => ({
  id: `run-${n}`,
  pipeline: 'etl/.orchest/pipeline.json',
  kind: 'full',
  runner: 'docker',
  status,
  startedAt: 1000,
  ...(status === 'STARTED' ? {} : { endedAt: 2000 }),
  steps: [{ uuid: 'a', title: 'A', status: status === 'STARTED' ? 'STARTED' : status, startedAt: 1100, logPath: '/p/a.log' }],
});

describe('RunHistory', () => {
  it('keeps the last run of each pipeline across instances (an app restart)', async () => {
    const h = new RunHistory(dataDir);
    void h.save('/projects/one', state('STARTED', 1));
    void h.save('/projects/one', state('FAILURE', 2));
    await h.flush();
    const again = new RunHistory(dataDir);
    expect(await again.load('/projects/one', 'etl/.orchest/pipeline.json')).toEqual(state('FAILURE', 2));
    expect(await again.load('/projects/two', 'etl/.orchest/pipeline.json')).toBeNull();
    const leftovers = (await fs.readdir(path.dirname(historyFile(dataDir, '/projects/one', 'x')))).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('a run saved as going on by a process that is gone reads as FAILURE', async () => {
    const file = historyFile(dataDir, '/projects/one', 'etl/.orchest/pipeline.json');
    await fs.mkdir(path.dirname(file), { recursive: true });
    const record = { version: 1, projectRoot: '/projects/one', pipeline: 'etl/.orchest/pipeline.json', owner: { pid: 2 ** 22 + 7, host: os.hostname() }, state: state('STARTED') };
    await fs.writeFile(file, JSON.stringify(record));
    const got = await new RunHistory(dataDir).load('/projects/one', 'etl/.orchest/pipeline.json');
    expect(got?.status).toBe('FAILURE');
    expect(got?.message).toMatch(/app stopped/);
    expect(got?.steps[0]?.status).toBe('ABORTED');
  });

  it('a corrupt history file reads as no last run', async () => {
    const file = historyFile(dataDir, '/projects/one', 'p.orchest');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, '{"version":1, "state": tru');
    expect(await new RunHistory(dataDir).load('/projects/one', 'p.orchest')).toBeNull();
  });
});
