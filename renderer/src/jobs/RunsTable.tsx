import { useMemo } from 'react';
import { isRunFinished } from '../../../main/src/common/statuses.js';
import { useNow } from '../common/use-now.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import { visibleRuns } from './jobs-store.js';
import { parametersText, runDuration } from './run-format.js';
import { formatShortTime, formatTime, userTimeZone } from './schedule.js';

/** Every run (job runs and the editor's), newest first: tick two to compare, click one to open it. */
export function RunsTable() {
  const all = useJobs((s) => s.runs);
  const filter = useJobs((s) => s.jobFilter);
  const runs = useMemo(() => visibleRuns(all, filter), [all, filter]);
  const jobName = useJobs((s) => s.jobs?.find((j) => j.uuid === s.jobFilter)?.definition.name ?? null);
  const compare = useJobs((s) => s.compareSelection);
  const panel = useJobs((s) => s.panel);
  const actions = useJobsActions();
  const now = useNow(runs?.some((r) => !isRunFinished(r.status)) ?? false, 1000);
  const zone = userTimeZone();
  const openRun = panel.kind === 'run' ? panel.runUuid : null;
  return (
    <section className="runs-section" aria-labelledby="runs-heading">
      <div className="section-header">
        <h3 id="runs-heading">{filter ? `Runs of “${jobName ?? 'job'}”` : 'All runs'}</h3>
        {filter ? (
          <button type="button" onClick={() => actions.filterJob(null)}>
            Show all runs
          </button>
        ) : null}
        <button type="button" onClick={actions.compare} disabled={compare.length !== 2} title="Tick two runs to compare them">
          Compare {compare.length}/2
        </button>
      </div>
      {runs === null ? (
        <p className="muted">Loading runs…</p>
      ) : runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="runs-table" aria-label="Runs">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Compare</span>
              </th>
              <th scope="col">Run</th>
              <th scope="col">State</th>
              <th scope="col">Parameters</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const label = run.kind === 'job' ? `${run.jobName ?? 'Job'} #${run.index + 1}` : `Interactive · ${run.pipelineName}`;
              const params = parametersText(run.parameters);
              return (
                <tr key={run.uuid} aria-selected={openRun === run.uuid} data-run={run.uuid}>
                  <td>
                    <input type="checkbox" aria-label={`Compare ${label}`} checked={compare.includes(run.uuid)} onChange={() => actions.toggleCompare(run.uuid)} />
                  </td>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => actions.openRun(run.uuid)}>
                      {label}
                    </button>
                  </th>
                  <td>
                    <span className="status-tag" data-status={run.status} data-testid="run-status">
                      {run.status}
                    </span>
                  </td>
                  <td className="params-cell" title={params}>
                    {params}
                  </td>
                  <td title={run.startedAt !== undefined ? formatTime(run.startedAt, zone) : undefined}>{run.startedAt !== undefined ? formatShortTime(run.startedAt, zone, now) : 'not yet'}</td>
                  <td>{runDuration(run, now)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
