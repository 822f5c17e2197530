import { describe, expect, it } from 'vitest';
import { attempt, record, step, T0 } from '../../../main/src/jobs/testing/records.js';
import { timelineChartData, timelineModel, type StatusColors } from './timeline.js';

const colors: StatusColors = { PENDING: 'grey', STARTED: 'blue', SUCCESS: 'green', FAILURE: 'red', ABORTED: 'orange' };

const run = record({
  uuid: 'r1',
  status: 'STARTED',
  endedAt: undefined,
  steps: [
    step('load', 'Load', [attempt(1, 'SUCCESS', 0, 2)]),
    step('train', 'Train', [attempt(1, 'FAILURE', 2, 5), attempt(2, 'FAILURE', 6, 7), attempt(3, 'STARTED', 8)]),
    step('plot', 'Plot', [attempt(1, 'PENDING')]),
  ],
});

describe('run timeline', () => {
  it('places every attempt from its start to its end, a running one up to now', () => {
    const model = timelineModel(run, T0 + 9500);
    expect(model.rows).toEqual(['Load', 'Train', 'Plot']);
    expect(model.segments.map((s) => [s.row, s.attempt, s.status, s.from, s.to, s.running])).toEqual([
      [0, 1, 'SUCCESS', 0, 2, false],
      [1, 1, 'FAILURE', 2, 5, false],
      [1, 2, 'FAILURE', 6, 7, false],
      [1, 3, 'STARTED', 8, 9.5, true],
    ]);
    expect(model.maxAttempts).toBe(3);
    expect(model.span).toBe(9.5);
  });

  it('draws retries as separate floating bars on the step’s row, each in its state’s colour', () => {
    const data = timelineChartData(timelineModel(run, T0 + 9500), colors);
    expect(data.labels).toEqual(['Load', 'Train', 'Plot']);
    expect(data.datasets.map((d) => d.label)).toEqual(['Attempt 1', 'Retry 1', 'Retry 2']);
    expect(data.datasets.map((d) => d.data)).toEqual([
      [[0, 2], [2, 5], null],
      [null, [6, 7], null],
      [null, [8, 9.5], null],
    ]);
    expect(data.datasets.map((d) => d.backgroundColor)).toEqual([
      ['green', 'red', 'transparent'],
      ['transparent', 'red', 'transparent'],
      ['transparent', 'blue', 'transparent'],
    ]);
    expect(data.datasets.every((d) => d.grouped === false)).toBe(true);
  });

  it('measures from the first attempt when the run has no start yet', () => {
    const model = timelineModel(record({ uuid: 'r2', startedAt: undefined, steps: [step('a', '', [attempt(1, 'SUCCESS', 3, 4)])] }), T0);
    expect(model.segments[0]).toMatchObject({ from: 0, to: 1 });
    expect(model.rows).toEqual(['Untitled step']);
  });
});
