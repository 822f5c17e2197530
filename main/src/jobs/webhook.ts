import type { JobSummary } from '../api/jobs.js';

const TIMEOUT_MS = 10_000;

/** POST the summary as JSON; answers null when delivered, else what went wrong (for the job's message). */
export async function postWebhook(url: string, summary: JobSummary): Promise<string | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'orchest-desktop' },
      body: JSON.stringify(summary),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
    await res.body?.cancel().catch(() => undefined);
    return res.ok ? null : `The webhook ${url} answered HTTP ${res.status}.`;
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message;
    return `The webhook ${url} could not be reached: ${cause ?? (err as Error).message}.`;
  }
}
