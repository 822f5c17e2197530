/** How runs and jobs read in lists (pure). */
import type { Job, RunParameters, RunRecord } from '../../../main/src/api/jobs.js';
import { formatDuration } from '../runs/duration.js';
import { PIPELINE_PARAMETERS_KEY } from '../../../main/src/common/parameter-grid.js';
import { shortValue } from './parameter-values.js';

/** "dataset=iris, lr=0.1": every parameter of the run, pipeline ones first. */
export function parametersText(parameters: RunParameters): string {
  const scopes = Object.keys(parameters).sort((a, b) => (a === PIPELINE_PARAMETERS_KEY ? -1 : b === PIPELINE_PARAMETERS_KEY ? 1 : 0));
  const parts = scopes.flatMap((scope) => Object.entries(parameters[scope]!).map(([k, v]) => `${k}=${shortValue(v)}`));
  return parts.length > 0 ? parts.join(', ') : '—';
}

/** How long the run took (or has been going), "—" before it started. */
export function runDuration(run: Pick<RunRecord, 'startedAt' | 'endedAt'>, now: number): string {
  if (run.startedAt === undefined) return '—';
  return formatDuration((run.endedAt ?? now) - run.startedAt);
}

/** "3 of 4 done · 1 failed". */
export function countsText(job: Job): string {
  const c = job.counts;
  const done = c.succeeded + c.failed + c.aborted;
  const extra = [c.running ? `${c.running} running` : '', c.failed ? `${c.failed} failed` : '', c.aborted ? `${c.aborted} cancelled` : ''].filter(Boolean);
  return `${done} of ${c.total} done${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
}

/** One value per parameter of two runs, with whether they differ. */
export function parameterRows(a: RunParameters, b: RunParameters): Array<{ scope: string; name: string; a: string; b: string; differs: boolean }> {
  const keys: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const p of [a, b]) {
    for (const [scope, params] of Object.entries(p)) {
      for (const name of Object.keys(params)) {
        const key = `${scope}\u0000${name}`;
        if (!seen.has(key)) keys.push([scope, name]);
        seen.add(key);
      }
    }
  }
  keys.sort(([x], [y]) => (x === y ? 0 : x === PIPELINE_PARAMETERS_KEY ? -1 : y === PIPELINE_PARAMETERS_KEY ? 1 : 0));
  return keys.map(([scope, name]) => {
    const va = a[scope] && name in a[scope] ? shortValue(a[scope][name]) : '—';
    const vb = b[scope] && name in b[scope] ? shortValue(b[scope][name]) : '—';
    return { scope, name, a: va, b: vb, differs: va !== vb };
  });
}
