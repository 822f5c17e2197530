import { useEffect, useState } from 'react';
import type { RunRecord } from '../../../main/src/api/jobs.js';
import { formatBytes, formatDuration } from '../runs/duration.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import { selectRun } from './jobs-store.js';
import { parameterRows, runDuration } from './run-format.js';
import { PIPELINE_SCOPE } from './parameter-grid.js';

type OutputsByStep = Record<string, string>;

/** Each step's outputs as one line ("model 1.2 MiB, scores 300 B"), read once per run. */
function useOutputs(run: RunRecord | null): OutputsByStep | null {
  const actions = useJobsActions();
  const [outputs, setOutputs] = useState<OutputsByStep | null>(null);
  const uuid = run?.uuid;
  const steps = run?.steps.map((s) => s.uuid).join(',') ?? '';
  useEffect(() => {
    if (!uuid) return;
    let live = true;
    void Promise.all(
      steps.split(',').filter(Boolean).map(async (stepId) => {
        const out = await actions.loadArtifacts(uuid, stepId);
        return [stepId, out.ok ? out.value.outputs.map((o) => `${o.name} ${formatBytes(o.bytes)}`).join(', ') || '—' : '?'] as const;
      }),
    ).then((pairs) => live && setOutputs(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [actions, uuid, steps]);
  return outputs;
}

const stepTime = (s: RunRecord['steps'][number] | undefined) => (s?.startedAt !== undefined && s.endedAt !== undefined ? formatDuration(s.endedAt - s.startedAt) : '—');

const runTitle = (r: RunRecord) => (r.kind === 'job' ? `${r.jobName ?? 'Job'} #${r.index + 1}` : `Interactive · ${r.pipelineName}`);

/** Two runs side by side: parameters (differences marked), step states and durations, outputs. */
export function CompareRuns({ runs: [ua, ub] }: { runs: [string, string] }) {
  const a = useJobs(selectRun(ua));
  const b = useJobs(selectRun(ub));
  const actions = useJobsActions();
  const outA = useOutputs(a);
  const outB = useOutputs(b);
  if (!a || !b) return <p className="muted">Reading the runs…</p>;
  const now = Date.now();
  const stepIds = [...new Set([...a.steps, ...b.steps].map((s) => s.uuid))];
  const title = (id: string) => a.steps.find((s) => s.uuid === id)?.title || b.steps.find((s) => s.uuid === id)?.title || 'Untitled step';
  const row = (label: string, va: string, vb: string, key = label) => (
    <tr key={key} data-differs={va !== vb || undefined}>
      <th scope="row">{label}</th>
      <td>{va}</td>
      <td>{vb}</td>
    </tr>
  );
  return (
    <section className="compare-runs" aria-label="Compare runs">
      <div className="section-header">
        <h2>Compare runs</h2>
        <button type="button" onClick={() => actions.show({ kind: 'none' })}>
          Close
        </button>
      </div>
      <table className="compare-table" aria-label="Run comparison">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{runTitle(a)}</th>
            <th scope="col">{runTitle(b)}</th>
          </tr>
        </thead>
        <tbody>
          {row('State', a.status, b.status)}
          {row('Duration', runDuration(a, now), runDuration(b, now))}
          <tr className="compare-group">
            <th colSpan={3}>Parameters</th>
          </tr>
          {parameterRows(a.parameters, b.parameters).map((p) => row(`${p.name} (${p.scope === PIPELINE_SCOPE ? 'Pipeline' : title(p.scope)})`, p.a, p.b, `p\u0000${p.scope}\u0000${p.name}`))}
          <tr className="compare-group">
            <th colSpan={3}>Steps</th>
          </tr>
          {stepIds.map((id) => {
            const sa = a.steps.find((s) => s.uuid === id);
            const sb = b.steps.find((s) => s.uuid === id);
            const cell = (s: typeof sa) => (s ? `${s.status} · ${stepTime(s)}${s.attempts > 1 ? ` · ${s.attempts} attempts` : ''}` : 'not in this run');
            return row(title(id), cell(sa), cell(sb), `s\u0000${id}`);
          })}
          <tr className="compare-group">
            <th colSpan={3}>Outputs</th>
          </tr>
          {stepIds.map((id) => {
            const out = (run: RunRecord, outputs: OutputsByStep | null) => (!run.steps.some((s) => s.uuid === id) ? '—' : (outputs?.[id] ?? '…'));
            return row(title(id), out(a, outA), out(b, outB), `o\u0000${id}`);
          })}
        </tbody>
      </table>
    </section>
  );
}
