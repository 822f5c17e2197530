/**
 * Web mode's desktop notifications through the browser's Notification API, once the user allowed
 * them (asked on a click: browsers refuse to ask otherwise). Electron's shell shows its own.
 */
import type { FinishedNotice } from '../../../main/src/api/jobs.js';

type NotificationApi = Pick<typeof Notification, 'permission' | 'requestPermission'> & (new (title: string, options?: NotificationOptions) => Notification);

const api = (): NotificationApi | null => (typeof globalThis.Notification === 'function' ? (globalThis.Notification as NotificationApi) : null);

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return api()?.permission ?? 'unsupported';
}

/** Ask once, from a user gesture; answers what the user chose (or what they chose before). */
export async function requestNotificationPermission(): Promise<NotificationPermissionState> {
  const n = api();
  if (!n) return 'unsupported';
  if (n.permission !== 'default') return n.permission;
  return n.requestPermission();
}

/** Show the notice when allowed; nothing otherwise (the Runs view shows the result anyway). */
export function showBrowserNotification(notice: FinishedNotice): void {
  const n = api();
  if (!n || n.permission !== 'granted') return;
  new n(notice.title, { body: notice.body, tag: notice.runUuid ?? notice.jobUuid ?? undefined });
}
