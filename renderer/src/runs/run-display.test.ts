import { describe, expect, it } from 'vitest';
import type { RunState, StepRunState } from '../../../main/src/api/runs.js';
import { applyRun, isNewerRun, isRunActive, stepDurationMs, summarizeRun } from './run-display.js';

function step(uuid: string, status: StepRunState['status'], extra: Partial<StepRunState> = {}): StepRunState {
  return { uuid, title: uuid.toUpperCase(), status, logPath: `/p/.orchest/logs/${uuid}.log`, ...extra };
}

function run(id: string, status: RunState['status'], steps: StepRunState[], extra: Partial<RunState> = {}): RunState {
  return { id, pipeline: 'p/.orchest/pipeline.json', kind: 'full', runner: 'docker', status, startedAt: 1000, steps, ...extra };
}

describe('applyRun: run.updated -> per-step display', () => {
  it('gives each step of the run its status, times and log path', () => {
    const shown = applyRun({}, run('r1', 'STARTED', [step('a', 'SUCCESS', { startedAt: 1000, endedAt: 2200 }), step('b', 'STARTED', { startedAt: 2300 }), step('c', 'PENDING')]));
    expect(shown.a).toMatchObject({ status: 'SUCCESS', startedAt: 1000, endedAt: 2200, runId: 'r1', stale: false, logPath: '/p/.orchest/logs/a.log' });
    expect(shown.b).toMatchObject({ status: 'STARTED', startedAt: 2300 });
    expect(shown.b!.endedAt).toBeUndefined();
    expect(shown.c).toMatchObject({ status: 'PENDING' });
  });

  it('keeps unchanged entries (same objects) so only changed nodes re-render; answers the same map when nothing changed', () => {
    const first = applyRun({}, run('r1', 'STARTED', [step('a', 'STARTED', { startedAt: 1 }), step('b', 'PENDING')]));
    const second = applyRun(first, run('r1', 'STARTED', [step('a', 'SUCCESS', { startedAt: 1, endedAt: 5 }), step('b', 'PENDING')]));
    expect(second).not.toBe(first);
    expect(second.b).toBe(first.b);
    expect(second.a).not.toBe(first.a);
    expect(applyRun(second, run('r1', 'STARTED', [step('a', 'SUCCESS', { startedAt: 1, endedAt: 5 }), step('b', 'PENDING')]))).toBe(second);
  });

  it('keeps the earlier state of steps not in a new run, marked stale', () => {
    const full = applyRun({}, run('r1', 'SUCCESS', [step('a', 'SUCCESS'), step('b', 'FAILURE', { message: 'exit 1' })]));
    const selected = applyRun(full, run('r2', 'STARTED', [step('b', 'PENDING')], { kind: 'selection' }));
    expect(selected.a).toMatchObject({ status: 'SUCCESS', runId: 'r1', stale: true });
    expect(selected.b).toMatchObject({ status: 'PENDING', runId: 'r2', stale: false });
    expect(selected.b!.message).toBeUndefined();
    // Still stale (and the same object) on the next update of r2.
    const later = applyRun(selected, run('r2', 'SUCCESS', [step('b', 'SUCCESS')], { kind: 'selection' }));
    expect(later.a).toBe(selected.a);
  });
});

describe('isNewerRun', () => {
  const going = run('r1', 'STARTED', [step('a', 'STARTED'), step('b', 'PENDING')]);
  it('accepts the first run, a later run, and the same run further along', () => {
    expect(isNewerRun(null, going)).toBe(true);
    expect(isNewerRun(going, run('r2', 'PENDING', [], { startedAt: 2000 }))).toBe(true);
    expect(isNewerRun(going, run('r1', 'STARTED', [step('a', 'SUCCESS'), step('b', 'STARTED')]))).toBe(true);
    expect(isNewerRun(going, run('r1', 'SUCCESS', [step('a', 'SUCCESS'), step('b', 'SUCCESS')]))).toBe(true);
  });

  it('refuses an older answer (runs.start/runs.last) that arrives after newer events', () => {
    expect(isNewerRun(going, run('r1', 'STARTED', [step('a', 'PENDING'), step('b', 'PENDING')]))).toBe(false);
    expect(isNewerRun(going, run('r0', 'SUCCESS', [], { startedAt: 500 }))).toBe(false);
  });
});

describe('summaries and durations', () => {
  it('says how far a run has got while it goes', () => {
    expect(summarizeRun(run('r', 'STARTED', [step('a', 'SUCCESS'), step('b', 'STARTED'), step('c', 'PENDING'), step('d', 'PENDING'), step('e', 'PENDING')]), 0).text).toBe('Running 2 of 5 steps…');
    expect(summarizeRun(run('r', 'PENDING', [step('a', 'PENDING')]), 0).text).toBe('Starting 1 step…');
    expect(isRunActive(run('r', 'PENDING', []))).toBe(true);
  });

  it('says how the last run ended and how long it took, with the reason for a failure', () => {
    expect(summarizeRun(run('r', 'SUCCESS', [step('a', 'SUCCESS')], { endedAt: 4100 }), 0)).toEqual({ text: 'Last run: SUCCESS in 3.1s', tone: 'success' });
    expect(summarizeRun(run('r', 'FAILURE', [step('a', 'FAILURE')], { endedAt: 3000, message: '1 step failed: "A".' }), 0)).toEqual({
      text: 'Last run: FAILURE in 2.0s',
      tone: 'failure',
      detail: '1 step failed: "A".',
    });
    expect(summarizeRun(run('r', 'ABORTED', [step('a', 'ABORTED'), step('b', 'ABORTED')], { endedAt: 2000, kind: 'selection' }), 0).text).toBe('Last run: ABORTED in 1.0s · 2 selected steps');
    expect(isRunActive(run('r', 'ABORTED', []))).toBe(false);
  });

  it('counts a running step against now, a finished one start to end, a never-started one not at all', () => {
    expect(stepDurationMs({ status: 'STARTED', startedAt: 1000 }, 2500)).toBe(1500);
    expect(stepDurationMs({ status: 'SUCCESS', startedAt: 1000, endedAt: 1800 }, 99_999)).toBe(800);
    expect(stepDurationMs({ status: 'ABORTED' }, 5000)).toBeNull();
    expect(stepDurationMs({ status: 'PENDING' }, 5000)).toBeNull();
  });
});
