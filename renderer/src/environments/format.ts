/** How the environments list shows times and sizes. Pure, `now` injected for tests. */

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
export function formatRelativeTime(time: number, now: number = Date.now()): string {
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60) || (seconds < 0 ? -1 : 1), 'minute');
}

/** Docker's decimal megabytes, as `docker images` shows them: "87.3 MB", "1204 MB". */
export function formatSizeMB(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  const mb = bytes / 1_000_000;
  if (mb === 0) return '0 MB';
  if (mb < 0.1) return '< 0.1 MB';
  return `${mb < 100 ? mb.toFixed(1) : Math.round(mb).toString()} MB`;
}
