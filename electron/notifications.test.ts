import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FinishedNotice } from '../main/src/api/jobs.js';

const fake = vi.hoisted(() => {
  const state = { supported: true, shown: [] as Array<{ title: string; body: string; urgency: string }>, clicks: new Array<() => void>() };
  class Notification {
    static isSupported() {
      return state.supported;
    }
    constructor(private readonly options: { title: string; body: string; urgency: string }) {}
    on(event: string, listener: () => void) {
      if (event === 'click') state.clicks.push(listener);
    }
    show() {
      state.shown.push(this.options);
    }
  }
  return { state, module: { Notification } };
});
vi.mock('electron', () => fake.module);

const { showFinishedNotice } = await import('./notifications.js');

const notice: FinishedNotice = { kind: 'job', jobUuid: 'j1', runUuid: null, status: 'FAILURE', title: 'Job "Sweep" failed', body: '3 of 4 runs succeeded, 1 failed.' };

beforeEach(() => {
  fake.state.supported = true;
  fake.state.shown = [];
  fake.state.clicks = [];
});

describe('desktop notifications', () => {
  it('shows the core’s notice, a failure as critical, and a click brings the window back', () => {
    const show = vi.fn();
    expect(showFinishedNotice(notice, show)).toBe(true);
    expect(fake.state.shown).toEqual([{ title: 'Job "Sweep" failed', body: '3 of 4 runs succeeded, 1 failed.', urgency: 'critical' }]);
    fake.state.clicks[0]!();
    expect(show).toHaveBeenCalledOnce();
    showFinishedNotice({ ...notice, kind: 'run', status: 'SUCCESS', title: 'Run of "P" succeeded' }, show);
    expect(fake.state.shown[1]).toMatchObject({ title: 'Run of "P" succeeded', urgency: 'normal' });
  });

  it('shows nothing where the desktop has no notifications', () => {
    fake.state.supported = false;
    expect(showFinishedNotice(notice, () => undefined)).toBe(false);
    expect(fake.state.shown).toEqual([]);
  });
});
