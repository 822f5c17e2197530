import { describe, expect, it } from 'vitest';
import { buildStatusSchema } from '../api/environments.js';
import { runStatusSchema } from '../api/runs.js';
import { isBuildActive, isBuildFinished, isRunFinished } from './statuses.js';

describe('statuses', () => {
  it('a run or step is finished once it succeeded, failed or was cancelled', () => {
    expect(runStatusSchema.options.filter(isRunFinished)).toEqual(['SUCCESS', 'FAILURE', 'ABORTED']);
  });

  it('a build is active while queued or building, finished after, neither before the first', () => {
    expect(buildStatusSchema.options.filter(isBuildActive)).toEqual(['PENDING', 'BUILDING']);
    expect(buildStatusSchema.options.filter(isBuildFinished)).toEqual(['SUCCESS', 'FAILURE', 'ABORTED']);
    expect(isBuildActive(null)).toBe(false);
    expect(isBuildFinished(undefined)).toBe(false);
  });
});
