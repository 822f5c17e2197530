import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { runStateSchema, type RunState } from '../api/runs.js';
import { processAlive } from '../core/process-alive.js';
import { CoalescedWrites } from '../fs/coalesced-writes.js';
import { isRunFinished } from '../common/statuses.js';
import { projectKey } from '../project/project-id.js';

/**
 * The last run of every pipeline, so `runs.last` answers after a restart:
 *   <dataDir>/runs/<projectKey(project root)>/<sha256(pipeline path)[0:16]>.json
 * (kept out of the project so a run writes nothing there but its data and logs). Written
 * atomically (temp file + rename); a file we cannot parse reads as "no last run".
 */
const recordSchema = z.object({
  version: z.literal(1),
  projectRoot: z.string(),
  pipeline: z.string(),
  owner: z.object({ pid: z.number(), host: z.string() }),
  state: runStateSchema,
});

const hash16 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

export function historyFile(dataDir: string, projectRoot: string, pipeline: string): string {
  return path.join(dataDir, 'runs', projectKey(projectRoot), `${hash16(pipeline)}.json`);
}

export class RunHistory {
  private readonly writes = new CoalescedWrites();

  constructor(private readonly dataDir: string) {}

  save(projectRoot: string, state: RunState): Promise<void> {
    const file = historyFile(this.dataDir, projectRoot, state.pipeline);
    const record = () => JSON.stringify({ version: 1, projectRoot: path.resolve(projectRoot), pipeline: state.pipeline, owner: { pid: process.pid, host: os.hostname() }, state }, null, 1);
    return this.writes.write(file, record, { status: state.status, final: isRunFinished(state.status) });
  }

  /** Resolves when everything saved so far is on disk. */
  flush(): Promise<void> {
    return this.writes.flush();
  }

  /**
   * The last saved run of a pipeline, or null. A run saved as going on by a process that is gone
   * is reported as FAILURE: the app stopped during it.
   */
  async load(projectRoot: string, pipeline: string): Promise<RunState | null> {
    let raw: string;
    try {
      raw = await fs.readFile(historyFile(this.dataDir, projectRoot, pipeline), 'utf8');
    } catch {
      return null;
    }
    let parsed: z.infer<typeof recordSchema>;
    try {
      parsed = recordSchema.parse(JSON.parse(raw));
    } catch {
      return null;
    }
    const { state, owner } = parsed;
    const ownerGone = owner.host !== os.hostname() || owner.pid === process.pid || !processAlive(owner.pid);
    if (!isRunFinished(state.status) && ownerGone) {
      const at = state.steps.reduce((t, s) => Math.max(t, s.endedAt ?? s.startedAt ?? 0), state.startedAt);
      return {
        ...state,
        status: 'FAILURE',
        endedAt: at,
        message: 'The app stopped while this run was going; it did not finish.',
        steps: state.steps.map((s) => (isRunFinished(s.status) ? s : { ...s, status: 'ABORTED', endedAt: s.endedAt ?? at, message: 'The app stopped during the run.' })),
      };
    }
    return state;
  }
}
