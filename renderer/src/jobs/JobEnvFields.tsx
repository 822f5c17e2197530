import { variableNameProblem } from '../../../main/src/common/env-var-names.js';

export interface EnvRow {
  name: string;
  value: string;
}

/** Why the rows cannot be the job's variables (first problem), or null. */
export function envRowsProblem(rows: EnvRow[]): string | null {
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.name && !row.value) continue;
    const problem = variableNameProblem(row.name);
    if (problem) return problem;
    if (seen.has(row.name)) return `"${row.name}" is listed twice.`;
    seen.add(row.name);
  }
  return null;
}

export const envRowsToMap = (rows: EnvRow[]): Record<string, string> => Object.fromEntries(rows.filter((r) => r.name).map((r) => [r.name, r.value]));

/** The job's own environment variables, over the project's and the pipeline's. */
export function JobEnvFields({ rows, onChange }: { rows: EnvRow[]; onChange: (rows: EnvRow[]) => void }) {
  const problem = envRowsProblem(rows);
  const update = (i: number, patch: Partial<EnvRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="job-env">
      <legend>Environment variables</legend>
      <p className="field-hint">For every run of this job, over the project’s and the pipeline’s.</p>
      {rows.map((row, i) => (
        <div key={i} className="job-env-row">
          <input aria-label={`Variable ${i + 1} name`} placeholder="NAME" value={row.name} spellCheck={false} onChange={(e) => update(i, { name: e.target.value })} />
          <input aria-label={`Variable ${i + 1} value`} placeholder="value" value={row.value} spellCheck={false} onChange={(e) => update(i, { value: e.target.value })} />
          <button type="button" aria-label={`Remove variable ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { name: '', value: '' }])}>
        Add variable
      </button>
      {problem ? <p className="field-error">{problem}</p> : null}
    </fieldset>
  );
}
