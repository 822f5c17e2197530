import { describe, expect, it } from 'vitest';
import { cpusProblem, formatBytes, memoryProblem, parseMemory, stepLimits } from './step-limits.js';

describe('step limits', () => {
  it('reads memory sizes the way Docker does (binary units)', () => {
    expect(parseMemory('2g')).toBe(2 * 2 ** 30);
    expect(parseMemory('2GB')).toBe(2 * 2 ** 30);
    expect(parseMemory('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseMemory('512m')).toBe(512 * 2 ** 20);
    expect(parseMemory('64MiB')).toBe(64 * 2 ** 20);
    expect(parseMemory('1048576')).toBe(2 ** 20);
    expect(parseMemory(1048576)).toBe(2 ** 20);
    for (const bad of ['lots', '', '2 gigs', '-1g', '0', 'g2']) expect(parseMemory(bad), bad).toBeNull();
  });

  it('shows sizes as people write them', () => {
    expect(formatBytes(2 * 2 ** 30)).toBe('2 GiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5 GiB');
    expect(formatBytes(64 * 2 ** 20)).toBe('64 MiB');
    expect(formatBytes(500)).toBe('500 bytes');
  });

  it('says what is wrong with a limit', () => {
    expect(memoryProblem('lots')).toMatch(/not a memory size: write it like 512m, 2g/);
    expect(memoryProblem('1m')).toMatch(/too small: Docker needs at least 6 MiB/);
    expect(memoryProblem('2g')).toBeNull();
    expect(cpusProblem(0)).toMatch(/at least 0.01/);
    expect(cpusProblem(1.5)).toBeNull();
  });

  it('turns a step\'s resources into Docker\'s NanoCpus and Memory', () => {
    expect(stepLimits({ cpus: 1.5, memory: '2g' })).toEqual({ nanoCpus: 1_500_000_000, memoryBytes: 2 * 2 ** 30 });
    expect(stepLimits({ memory: '' })).toEqual({});
    expect(stepLimits(undefined)).toEqual({});
  });
});
