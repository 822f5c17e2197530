import { Cron } from 'croner';

/** Why `expr` is not a schedule Argo's CronWorkflow takes (five fields, as in crontab), or null. */
export function cronProblem(expr: string): string | null {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 5) return `"${expr}" is not a cron schedule: give five fields (minute hour day-of-month month day-of-week), e.g. "0 3 * * *".`;
  try {
    new Cron(expr.trim(), { paused: true });
    return null;
  } catch (err) {
    return `"${expr}" is not a cron schedule (${err instanceof Error ? err.message : String(err)}): e.g. "0 3 * * *" runs at 03:00 every day.`;
  }
}
