/** Desktop notifications for what the core announces ('notify.finished': a job, or a long run, ended). */
import { Notification } from 'electron';
import type { FinishedNotice } from '../main/src/api/jobs.js';

/** Show the notice; a click brings the window back. False where the desktop has no notifications. */
export function showFinishedNotice(notice: FinishedNotice, onClick: () => void): boolean {
  if (!Notification.isSupported()) return false;
  const n = new Notification({ title: notice.title, body: notice.body, urgency: notice.status === 'FAILURE' ? 'critical' : 'normal' });
  n.on('click', onClick);
  n.show();
  return true;
}
