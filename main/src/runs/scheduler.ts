/**
 * Runs planned steps: a step starts as soon as all its parents in this run succeeded, at most
 * `parallelism` at a time, in plan order. A step holds its place until it ends, or until it says
 * its work is over (`release`: its process has exited, its outcome is still being read). A step that does not succeed takes its descendants
 * with it (ABORTED, never started); independent branches go on. Knows nothing of Docker.
 */

export interface ScheduledStep {
  uuid: string;
  title: string;
  parents: readonly string[];
}

export interface StepOutcome {
  status: 'SUCCESS' | 'FAILURE' | 'ABORTED';
  exitCode?: number | null;
  message?: string;
  /** The engine is gone: start nothing more. `message` says why. */
  fatal?: boolean;
}

/** `release()`: the step's work is done, it only waits for its outcome; another step may take its place. */
export type ExecuteStep = (uuid: string, signal: AbortSignal, release: () => void) => Promise<StepOutcome>;

export interface ScheduleOptions {
  steps: readonly ScheduledStep[];
  parallelism: number;
  signal: AbortSignal;
  execute: ExecuteStep;
  onStart(uuid: string): void;
  /**
   * Called once per step before `execute`, so that it may get ready (a container created): with
   * `now` when it starts at once, else while the steps it waits for run (its parents running,
   * succeeded or prepared, or a place taken), at most `parallelism` steps ahead. A step prepared ahead may
   * still never start: the executor tidies up what it made.
   */
  prepare?(uuid: string, now: boolean): void;
  /** Every step ends exactly once: run, or not started (ABORTED with a message). */
  onEnd(uuid: string, outcome: StepOutcome): void;
}

export interface ScheduleResult {
  /** Why the run stopped early when the engine went away. */
  fatal?: string;
}

export function runSchedule(opts: ScheduleOptions): Promise<ScheduleResult> {
  const { steps, signal } = opts;
  const limit = Math.max(1, Math.floor(opts.parallelism));
  type State = 'waiting' | 'running' | 'ok' | 'bad';
  const state = new Map<string, State>(steps.map((s) => [s.uuid, 'waiting']));
  const children = new Map<string, string[]>(steps.map((s) => [s.uuid, []]));
  for (const s of steps) for (const p of s.parents) children.get(p)?.push(s.uuid);
  const title = new Map(steps.map((s) => [s.uuid, s.title || s.uuid]));
  /** Steps started and not ended; `occupied` of them hold a place (not released). */
  let running = 0;
  let occupied = 0;
  let fatal: string | undefined;
  const prepared = new Set<string>();
  /** Each parent succeeded, runs, or is prepared itself: a chain gets ready as deep as the places allow. */
  const parentsOnTheirWay = (s: ScheduledStep) =>
    s.parents.every((p) => {
      const st = state.get(p);
      return st === 'ok' || st === 'running' || (st === 'waiting' && prepared.has(p));
    });

  /** The next `limit` steps that can start once running ones end. */
  const prepareAhead = () => {
    if (!opts.prepare) return;
    let ahead = 0;
    for (const s of steps) {
      if (ahead >= Number(process.env.ORCHEST_AHEAD ?? limit)) break;
      if (state.get(s.uuid) !== 'waiting' || !parentsOnTheirWay(s)) continue;
      ahead++;
      if (prepared.has(s.uuid)) continue;
      prepared.add(s.uuid);
      opts.prepare(s.uuid, false);
    }
  };

  return new Promise<ScheduleResult>((resolve) => {
    let finished = false;
    const notStarted = (uuid: string, message: string) => {
      state.set(uuid, 'bad');
      opts.onEnd(uuid, { status: 'ABORTED', message });
    };
    const dropDescendants = (uuid: string, why: string) => {
      const stack = [...(children.get(uuid) ?? [])];
      while (stack.length) {
        const id = stack.pop()!;
        if (state.get(id) !== 'waiting') continue;
        notStarted(id, why);
        stack.push(...(children.get(id) ?? []));
      }
    };
    const start = (step: ScheduledStep) => {
      if (opts.prepare && !prepared.has(step.uuid)) {
        prepared.add(step.uuid);
        opts.prepare(step.uuid, true);
      }
      state.set(step.uuid, 'running');
      running++;
      occupied++;
      let holding = true;
      const release = (): boolean => {
        if (!holding) return false;
        holding = false;
        occupied--;
        return true;
      };
      opts.onStart(step.uuid);
      let outcome: Promise<StepOutcome>;
      try {
        outcome = opts.execute(step.uuid, signal, () => {
          if (release()) pump();
        });
      } catch (err) {
        outcome = Promise.reject(err);
      }
      outcome
        .catch((err: unknown): StepOutcome => ({ status: 'FAILURE', exitCode: null, message: err instanceof Error ? err.message : String(err) }))
        .then((result) => {
          release();
          running--;
          state.set(step.uuid, result.status === 'SUCCESS' ? 'ok' : 'bad');
          opts.onEnd(step.uuid, result);
          if (result.fatal && !fatal) fatal = result.message ?? 'the step engine failed';
          if (result.status !== 'SUCCESS') {
            const verb = result.status === 'ABORTED' ? 'was aborted' : 'failed';
            dropDescendants(step.uuid, `Not started: step "${title.get(step.uuid)}" ${verb}.`);
          }
          pump();
        });
    };
    const pump = () => {
      if (finished) return;
      if (signal.aborted || fatal) {
        const why = signal.aborted ? 'Not started: the run was cancelled.' : `Not started: ${fatal}`;
        for (const s of steps) if (state.get(s.uuid) === 'waiting') notStarted(s.uuid, why);
      } else {
        for (const s of steps) {
          if (occupied >= limit) break;
          if (state.get(s.uuid) === 'waiting' && s.parents.every((p) => state.get(p) === 'ok')) start(s);
        }
        prepareAhead();
      }
      if (running === 0 && ![...state.values()].includes('waiting')) {
        finished = true;
        signal.removeEventListener('abort', pump);
        resolve(fatal ? { fatal } : {});
      }
    };
    signal.addEventListener('abort', pump);
    pump();
  });
}
