import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FinishedNotice } from '../../../main/src/api/jobs.js';
import { notificationPermission, requestNotificationPermission, showBrowserNotification } from './notifications.js';

const notice: FinishedNotice = { kind: 'run', jobUuid: null, runUuid: 'r1', status: 'SUCCESS', title: 'Run of “P” succeeded', body: 'after 2m 10s' };

/** The browser's Notification, as far as the page uses it. */
function fakeNotification(permission: NotificationPermission, answer: NotificationPermission = permission) {
  const shown: Array<{ title: string; options?: NotificationOptions }> = [];
  const Fake = Object.assign(
    function (this: unknown, title: string, options?: NotificationOptions) {
      shown.push({ title, ...(options ? { options } : {}) });
    },
    { permission, requestPermission: vi.fn(async () => answer) },
  );
  vi.stubGlobal('Notification', Fake);
  return { shown, Fake };
}

afterEach(() => vi.unstubAllGlobals());

describe('browser notifications', () => {
  it('shows a finished run once allowed', () => {
    const { shown } = fakeNotification('granted');
    showBrowserNotification(notice);
    expect(shown).toEqual([{ title: 'Run of “P” succeeded', options: { body: 'after 2m 10s', tag: 'r1' } }]);
  });

  it('shows nothing while not allowed, and asks only when the user has not answered yet', async () => {
    const { shown, Fake } = fakeNotification('denied');
    showBrowserNotification(notice);
    expect(shown).toEqual([]);
    expect(await requestNotificationPermission()).toBe('denied');
    expect(Fake.requestPermission).not.toHaveBeenCalled();
    const asked = fakeNotification('default', 'granted');
    expect(await requestNotificationPermission()).toBe('granted');
    expect(asked.Fake.requestPermission).toHaveBeenCalledOnce();
  });

  it('says when the browser has no notifications', async () => {
    vi.stubGlobal('Notification', undefined);
    expect(notificationPermission()).toBe('unsupported');
    expect(await requestNotificationPermission()).toBe('unsupported');
    expect(() => showBrowserNotification(notice)).not.toThrow();
  });
});
