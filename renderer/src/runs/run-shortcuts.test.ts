import { describe, expect, it } from 'vitest';
import { runAvailability } from './run-availability.js';
import { runCommandFor, type KeyPress } from './run-shortcuts.js';

const key = (k: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('run shortcuts', () => {
  it('maps Ctrl+Shift+Enter, Ctrl+Enter, Ctrl+I and Escape (Cmd on macOS)', () => {
    expect(runCommandFor(key('Enter', { ctrlKey: true, shiftKey: true }))).toBe('run-all');
    expect(runCommandFor(key('Enter', { ctrlKey: true }))).toBe('run-selected');
    expect(runCommandFor(key('Enter', { metaKey: true }))).toBe('run-selected');
    expect(runCommandFor(key('i', { ctrlKey: true }))).toBe('run-incoming');
    expect(runCommandFor(key('I', { ctrlKey: true }))).toBe('run-incoming');
    expect(runCommandFor(key('Escape'))).toBe('cancel');
  });

  it('leaves other keys alone', () => {
    expect(runCommandFor(key('Enter'))).toBeNull();
    expect(runCommandFor(key('i'))).toBeNull();
    expect(runCommandFor(key('I', { ctrlKey: true, shiftKey: true }))).toBeNull(); // devtools
    expect(runCommandFor(key('Enter', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(runCommandFor(key('Escape', { ctrlKey: true }))).toBeNull();
  });
});

describe('run availability', () => {
  const base = { hasPipeline: true, readOnly: false, errorCount: 0, stepCount: 3, selectedSteps: 0, running: false, cancelling: false };

  it('needs a selection for Run selected / Run incoming, and says so', () => {
    const a = runAvailability(base);
    expect(a.full.ok).toBe(true);
    expect(a.selection).toEqual({ ok: false, reason: 'Select one or more steps first' });
    expect(a.incoming.ok).toBe(false);
    expect(runAvailability({ ...base, selectedSteps: 1 }).selection.ok).toBe(true);
  });

  it('blocks every run while the pipeline is invalid or a run is going; Cancel only then', () => {
    expect(runAvailability({ ...base, errorCount: 1, selectedSteps: 1 }).full.reason).toMatch(/errors/);
    expect(runAvailability({ ...base, readOnly: true }).full.ok).toBe(false);
    const going = runAvailability({ ...base, running: true, selectedSteps: 1 });
    expect([going.full.ok, going.selection.ok, going.incoming.ok]).toEqual([false, false, false]);
    expect(going.cancel.ok).toBe(true);
    expect(runAvailability(base).cancel.ok).toBe(false);
    expect(runAvailability({ ...base, running: true, cancelling: true }).cancel.ok).toBe(false);
    expect(runAvailability({ ...base, stepCount: 0 }).full.reason).toBe('The pipeline has no steps');
    expect(runAvailability({ ...base, hasPipeline: false }).full.reason).toBe('Open a pipeline first');
  });
});
