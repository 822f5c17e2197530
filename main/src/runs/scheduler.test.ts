import { describe, expect, it } from 'vitest';
import { runSchedule, type ScheduledStep, type StepOutcome } from './scheduler.js';

/** A fake step executor: each step ends when the test says so (or right away with `auto`). */
function harness(steps: ScheduledStep[], opts: { parallelism?: number; auto?: Record<string, StepOutcome['status']> } = {}) {
  const controller = new AbortController();
  const events: string[] = [];
  const outcomes = new Map<string, StepOutcome>();
  const finishers = new Map<string, (o: StepOutcome) => void>();
  const signals = new Map<string, AbortSignal>();
  const releasers = new Map<string, () => void>();
  const preparedOrder: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const done = runSchedule({
    steps,
    parallelism: opts.parallelism ?? 10,
    signal: controller.signal,
    execute: (uuid, signal, release) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      signals.set(uuid, signal);
      releasers.set(uuid, release);
      return new Promise<StepOutcome>((resolve) => {
        const finish = (o: StepOutcome) => {
          running--;
          resolve(o);
        };
        const auto = opts.auto?.[uuid];
        if (auto) setTimeout(() => finish({ status: auto, exitCode: auto === 'SUCCESS' ? 0 : 1 }), 1);
        else finishers.set(uuid, finish);
      });
    },
    onStart: (uuid) => events.push(`start ${uuid}`),
    prepare: (uuid, now) => preparedOrder.push(now ? `${uuid} now` : uuid),
    onEnd: (uuid, o) => {
      events.push(`end ${uuid} ${o.status}`);
      outcomes.set(uuid, o);
    },
  });
  const tick = () => new Promise((r) => setTimeout(r, 5));
  return {
    controller,
    events,
    outcomes,
    done,
    signals,
    preparedOrder,
    get maxRunning() {
      return maxRunning;
    },
    running: () => [...finishers.keys()],
    /** The step says its work is over (its outcome comes later with finish()). */
    async release(uuid: string) {
      releasers.get(uuid)!();
      await tick();
    },
    async finish(uuid: string, status: StepOutcome['status'] = 'SUCCESS', extra: Partial<StepOutcome> = {}) {
      const f = finishers.get(uuid);
      if (!f) throw new Error(`${uuid} is not running (running: ${[...finishers.keys()].join(', ')})`);
      finishers.delete(uuid);
      f({ status, exitCode: status === 'SUCCESS' ? 0 : 1, ...extra });
      await tick();
    },
    tick,
  };
}

const s = (uuid: string, ...parents: string[]): ScheduledStep => ({ uuid, title: uuid.toUpperCase(), parents });

describe('runSchedule', () => {
  it('starts a step only when all its parents succeeded, and independent steps at once', async () => {
    // a -> c, b -> c, c -> d ; e alone
    const h = harness([s('a'), s('b'), s('c', 'a', 'b'), s('d', 'c'), s('e')]);
    await h.tick();
    expect(h.running().sort()).toEqual(['a', 'b', 'e']);
    await h.finish('a');
    expect(h.running().sort()).toEqual(['b', 'e']); // c still waits for b
    await h.finish('b');
    expect(h.running().sort()).toEqual(['c', 'e']);
    await h.finish('c');
    await h.finish('e');
    await h.finish('d');
    await h.done;
    expect(h.events.indexOf('start c')).toBeGreaterThan(h.events.indexOf('end b SUCCESS'));
    expect(h.events.indexOf('start d')).toBeGreaterThan(h.events.indexOf('end c SUCCESS'));
    expect([...h.outcomes.values()].every((o) => o.status === 'SUCCESS')).toBe(true);
  });

  it('never runs more steps at once than the parallelism, and runs them all', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const h = harness(ids.map((id) => s(id)), { parallelism: 2, auto: Object.fromEntries(ids.map((id) => [id, 'SUCCESS'])) });
    await h.done;
    expect(h.maxRunning).toBe(2);
    expect(h.events.filter((e) => e.startsWith('end')).length).toBe(7);
    // in plan order
    expect(h.events.filter((e) => e.startsWith('start'))).toEqual(ids.map((id) => `start ${id}`));
  });

  it('a step that releases its place lets the next independent step start, not its children; the run ends with the last outcome', async () => {
    const h = harness([s('a'), s('b', 'a'), s('c'), s('d')], { parallelism: 1 });
    await h.tick();
    expect(h.running()).toEqual(['a']);
    await h.release('a');
    expect(h.running()).toEqual(['a', 'c']); // b waits for a's outcome
    await h.release('a'); // a second release changes nothing
    expect(h.running()).toEqual(['a', 'c']);
    await h.finish('a');
    expect(h.running()).toEqual(['c']); // b waits for c's place
    await h.release('c');
    expect(h.running()).toEqual(['c', 'b']);
    await h.finish('b');
    expect(h.running()).toEqual(['c', 'd']);
    let ended = false;
    void h.done.then(() => (ended = true));
    await h.finish('d');
    expect(ended).toBe(false); // c's outcome is still to come
    await h.finish('c');
    await h.done;
    expect(h.outcomes.size).toBe(4);
  });

  it('a failed step aborts its descendants without starting them; other branches go on', async () => {
    // a -> b -> c ; a -> d ; x -> y
    const h = harness([s('a'), s('b', 'a'), s('c', 'b'), s('d', 'a'), s('x'), s('y', 'x')]);
    await h.tick();
    await h.finish('a', 'FAILURE');
    expect(h.outcomes.get('b')).toEqual({ status: 'ABORTED', message: 'Not started: step "A" failed.' });
    expect(h.outcomes.get('c')?.status).toBe('ABORTED');
    expect(h.outcomes.get('d')?.status).toBe('ABORTED');
    await h.finish('x');
    await h.finish('y');
    await h.done;
    expect(h.events.filter((e) => e.startsWith('start')).sort()).toEqual(['start a', 'start x', 'start y']);
    expect(h.outcomes.get('y')?.status).toBe('SUCCESS');
  });

  it('a step waiting on a running parent is dropped when another parent fails', async () => {
    const h = harness([s('a'), s('b'), s('c', 'a', 'b')]);
    await h.tick();
    await h.finish('b', 'FAILURE');
    expect(h.outcomes.get('c')?.status).toBe('ABORTED');
    await h.finish('a');
    await h.done;
    expect(h.events).not.toContain('start c');
  });

  it('cancel aborts the running steps\' signal and ends the waiting ones as not started', async () => {
    const h = harness([s('a'), s('b', 'a'), s('c')], { parallelism: 1 });
    await h.tick();
    expect(h.running()).toEqual(['a']);
    h.controller.abort();
    expect(h.signals.get('a')?.aborted).toBe(true);
    expect(h.outcomes.get('b')).toEqual({ status: 'ABORTED', message: 'Not started: the run was cancelled.' });
    expect(h.outcomes.get('c')?.status).toBe('ABORTED');
    await h.finish('a', 'ABORTED');
    await h.done;
    expect(h.events.filter((e) => e.startsWith('start'))).toEqual(['start a']);
  });

  it('a fatal outcome (engine gone) starts nothing more and reports why', async () => {
    const h = harness([s('a'), s('b'), s('c', 'b')], { parallelism: 1 });
    await h.tick();
    await h.finish('a', 'FAILURE', { fatal: true, message: 'lost the connection to Docker' });
    const result = await h.done;
    expect(result.fatal).toBe('lost the connection to Docker');
    expect(h.outcomes.get('b')?.message).toBe('Not started: lost the connection to Docker');
    expect(h.events.filter((e) => e.startsWith('start'))).toEqual(['start a']);
  });

  it('an executor that throws fails its step with the error message', async () => {
    const controller = new AbortController();
    const ends: Array<[string, StepOutcome]> = [];
    await runSchedule({
      steps: [s('a'), s('b', 'a')],
      parallelism: 1,
      signal: controller.signal,
      execute: async () => {
        throw new Error('boom');
      },
      onStart: () => {},
      onEnd: (uuid, o) => ends.push([uuid, o]),
    });
    expect(ends).toEqual([
      ['a', { status: 'FAILURE', exitCode: null, message: 'boom' }],
      ['b', { status: 'ABORTED', message: 'Not started: step "A" failed.' }],
    ]);
  });

  it('prepares a step as it starts, and the next ones while their parents run or are prepared, at most `parallelism` ahead, each once', async () => {
    // a -> b -> c (a chain), and x, y, z waiting for a place
    const h = harness([s('a'), s('b', 'a'), s('c', 'b'), s('x'), s('y'), s('z')], { parallelism: 2 });
    await h.tick();
    expect(h.running().sort()).toEqual(['a', 'x']);
    // b's parent runs, c's is prepared; y would be a third step ahead
    expect(h.preparedOrder).toEqual(['a now', 'x now', 'b', 'c']);
    await h.finish('a');
    expect(h.running().sort()).toEqual(['b', 'x']);
    expect(h.preparedOrder).toEqual(['a now', 'x now', 'b', 'c', 'y']);
    await h.finish('x');
    await h.finish('b');
    await h.finish('y');
    await h.finish('c');
    await h.finish('z');
    await h.done;
    expect(h.preparedOrder).toEqual(['a now', 'x now', 'b', 'c', 'y', 'z']); // each once, whether ahead or not
    expect([...h.outcomes.values()].every((o) => o.status === 'SUCCESS')).toBe(true);
  });

  it('a prepared step whose parent fails is ended as not started', async () => {
    const h = harness([s('a'), s('b', 'a')], { parallelism: 1 });
    await h.tick();
    expect(h.preparedOrder).toEqual(['a now', 'b']);
    await h.finish('a', 'FAILURE');
    await h.done;
    expect(h.outcomes.get('b')).toMatchObject({ status: 'ABORTED', message: 'Not started: step "A" failed.' });
    expect(h.events).not.toContain('start b');
  });

  it('an empty plan ends at once', async () => {
    await expect(runSchedule({ steps: [], parallelism: 1, signal: new AbortController().signal, execute: async () => ({ status: 'SUCCESS' }), onStart: () => {}, onEnd: () => {} })).resolves.toEqual({});
  });
});
