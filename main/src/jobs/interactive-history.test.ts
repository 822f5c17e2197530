import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FinishedNotice } from '../api/jobs.js';
import type { RunState } from '../api/runs.js';
import { EventBus } from '../core/event-bus.js';
import type { ProjectService } from '../project/project-service.js';
import { InteractiveHistory, LONG_RUN_MS } from './interactive-history.js';
import { JobStore } from './job-store.js';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-history-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

/** Only what the history asks of the project: its root, and a pipeline it cannot read (the record keeps the path). */
const project = (root: string) => ({ root: () => root, readPipeline: () => Promise.reject(new Error('not read here')) }) as unknown as ProjectService;

const run = (id: string, took: number, status: RunState['status'] = 'SUCCESS'): RunState => ({
  id,
  pipeline: 'p.orchest',
  kind: 'full',
  runner: 'local',
  status,
  startedAt: 1_000,
  endedAt: 1_000 + took,
  steps: [],
});

describe('interactive runs in the history', () => {
  it('a run of a minute or more gets a desktop notice when it ends; a short one does not', async () => {
    const bus = new EventBus();
    const notices: FinishedNotice[] = [];
    bus.subscribe((event, payload) => event === 'notify.finished' && notices.push(payload as FinishedNotice));
    const history = new InteractiveHistory(new JobStore(path.join(dir, 'app')), project(path.join(dir, 'project')), bus);
    history.onEvent('run.updated', run('short', LONG_RUN_MS - 1));
    history.onEvent('run.updated', run('long', LONG_RUN_MS, 'FAILURE'));
    await history.flush();
    expect(notices).toEqual([{ kind: 'run', jobUuid: null, runUuid: 'long', status: 'FAILURE', title: 'Run of "p.orchest" failed', body: '0 steps in 60 s.' }]);
    expect((await history.list(path.join(dir, 'project'))).map((r) => r.uuid).sort()).toEqual(['long', 'short']);
  });
});
