import { useCallback, useEffect, useState } from 'react';
import type { RunRecord } from '../../../main/src/api/jobs.js';
import { OutputBlock } from '../outputs/ValueView.js';
import { formatDuration } from '../runs/duration.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import { selectRun, type Outcome, type RecordedOutputs } from './jobs-store.js';
import { parameterRows, runDuration } from './run-format.js';
import { PIPELINE_PARAMETERS_KEY } from '../../../main/src/common/parameter-grid.js';

type OutputsByStep = Record<string, Outcome<RecordedOutputs>>;

/** Each step's output summaries in a run, read once per run. */
function useOutputs(run: RunRecord | null): OutputsByStep | null {
  const actions = useJobsActions();
  const [outputs, setOutputs] = useState<OutputsByStep | null>(null);
  const uuid = run?.uuid;
  const steps = run?.steps.map((s) => s.uuid).join(',') ?? '';
  useEffect(() => {
    if (!uuid) return;
    let live = true;
    void Promise.all(steps.split(',').filter(Boolean).map(async (stepId) => [stepId, await actions.loadStepOutputs(uuid, stepId)] as const)).then((pairs) => live && setOutputs(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [actions, uuid, steps]);
  return outputs;
}

/** What two runs' outputs are compared by: the summary without who wrote it and when. */
function outputsKey(out: Outcome<RecordedOutputs> | undefined): string {
  if (!out) return '…';
  if (!out.ok) return `error ${out.message}`;
  return JSON.stringify(out.value.outputs.map(({ runUuid: _r, writtenAt: _w, stepUuid: _s, ...rest }) => rest));
}

function OutputsCell({ run, stepId, outputs }: { run: RunRecord; stepId: string; outputs: OutputsByStep | null }) {
  const actions = useJobsActions();
  const loadThumbnail = useCallback((file: string) => actions.loadThumbnail(run.uuid, stepId, file), [actions, run.uuid, stepId]);
  if (!run.steps.some((s) => s.uuid === stepId)) return <td>—</td>;
  const out = outputs?.[stepId];
  if (!out) return <td className="muted">…</td>;
  if (!out.ok) return <td className="field-error">{out.message}</td>;
  return (
    <td className="compare-outputs">
      {out.value.outputs.length ? out.value.outputs.map((o, i) => <OutputBlock key={i} output={o} loadThumbnail={loadThumbnail} />) : <span className="muted">{out.value.message}</span>}
    </td>
  );
}

const stepTime = (s: RunRecord['steps'][number] | undefined) => (s?.startedAt !== undefined && s.endedAt !== undefined ? formatDuration(s.endedAt - s.startedAt) : '—');

const runTitle = (r: RunRecord) => (r.kind === 'job' ? `${r.jobName ?? 'Job'} #${r.index + 1}` : `Interactive · ${r.pipelineName}`);

/** Two runs side by side: parameters (differences marked), step states and durations, outputs' summaries. */
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
          {parameterRows(a.parameters, b.parameters).map((p) => row(`${p.name} (${p.scope === PIPELINE_PARAMETERS_KEY ? 'Pipeline' : title(p.scope)})`, p.a, p.b, `p\u0000${p.scope}\u0000${p.name}`))}
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
          {stepIds.map((id) => (
            <tr key={`o\u0000${id}`} data-differs={outputsKey(outA?.[id]) !== outputsKey(outB?.[id]) || undefined}>
              <th scope="row">{title(id)}</th>
              <OutputsCell run={a} stepId={id} outputs={outA} />
              <OutputsCell run={b} stepId={id} outputs={outB} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
