import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Pipeline, PipelineSummary } from '../../../main/src/api/pipeline.js';
import { useEditor } from '../editor/store/editor-context.js';
import { GridPreview } from './GridPreview.js';
import { envRowsProblem, envRowsToMap, JobEnvFields, type EnvRow } from './JobEnvFields.js';
import { useJobsActions } from './jobs-context.js';
import { runKey, selectedRuns, type Grid } from './parameter-grid.js';
import { ParameterForm } from './ParameterForm.js';
import { ScheduleFields } from './ScheduleFields.js';
import { emptySchedule, scheduleOf, userTimeZone, type ScheduleDraft } from './schedule.js';

const NO_PIPELINES: PipelineSummary[] = [];

interface GridState {
  grid: Grid;
  /** Where the starting grid came from, and the parameters file beside the pipeline. */
  source: string;
  file: string;
  warnings: string[];
}

function intOr(text: string, fallback: number | null): number | null {
  if (text.trim() === '') return fallback;
  const n = Number(text);
  return Number.isInteger(n) ? n : NaN;
}

/** The New job form: pipeline, parameter grid and runs, schedule, variables, retention, retries, parallel runs, webhook. */
export function NewJobForm({ initialPipeline, onRequestNotifications }: { initialPipeline: string | null; onRequestNotifications?: () => void }) {
  const actions = useJobsActions();
  const pipelines = useEditor((s) => s.project?.pipelines ?? NO_PIPELINES);
  const id = useId();
  const [pipeline, setPipeline] = useState(initialPipeline ?? pipelines[0]?.path ?? '');
  const [name, setName] = useState('');
  const [definition, setDefinition] = useState<Pipeline | null>(null);
  const [grid, setGrid] = useState<GridState | null>(null);
  const [gridError, setGridError] = useState<string | null>(null);
  const [deselected, setDeselected] = useState<Set<string>>(new Set());
  const [schedule, setSchedule] = useState<ScheduleDraft>(emptySchedule);
  const [env, setEnv] = useState<EnvRow[]>([]);
  const [keep, setKeep] = useState('');
  const [retries, setRetries] = useState('0');
  const [parallel, setParallel] = useState('1');
  const [webhook, setWebhook] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const timeZone = userTimeZone();
  const summary = pipelines.find((p) => p.path === pipeline);

  useEffect(() => {
    if (!pipeline) return;
    let live = true;
    setGrid(null);
    setGridError(null);
    setDeselected(new Set());
    void actions.readPipeline(pipeline).then((p) => live && setDefinition(p));
    void actions.previewGrid(pipeline).then((out) => {
      if (!live) return;
      if (out.ok) setGrid({ grid: out.value.grid, source: out.value.source, file: out.value.file, warnings: out.value.warnings });
      else setGridError(out.message);
    });
    return () => {
      live = false;
    };
  }, [actions, pipeline]);

  const runs = grid ? selectedRuns(grid.grid, deselected) : [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    // A user gesture: the one moment the browser lets the page ask to show notifications.
    onRequestNotifications?.();
    setError(null);
    const sched = scheduleOf(schedule, timeZone, Date.now());
    const keepN = intOr(keep, null);
    const retriesN = intOr(retries, 0);
    const parallelN = intOr(parallel, 1);
    const problem = [
      !pipeline && 'Pick a pipeline.',
      !grid && 'The parameter grid is not loaded yet.',
      runs.length === 0 && 'Select at least one run.',
      !sched.ok && sched.message,
      envRowsProblem(env),
      keepN !== null && !(keepN >= 1) && 'Runs to keep: a whole number from 1, or empty to keep all.',
      !(retriesN! >= 0 && retriesN! <= 10) && 'Retries: a whole number from 0 to 10.',
      !(parallelN! >= 1 && parallelN! <= 64) && 'Parallel runs: a whole number from 1 to 64.',
      webhook.trim() !== '' && !/^https?:\/\/[^\s]+$/i.test(webhook.trim()) && 'Webhook URL: an http:// or https:// address, or empty for none.',
    ].find((p): p is string => typeof p === 'string');
    if (problem || !grid || !sched.ok) {
      setError(problem ?? null);
      return;
    }
    setBusy(true);
    try {
      // Deselected runs go by the core's own numbering of the combinations, matched by parameters.
      const preview = await actions.previewGrid(pipeline, grid.grid);
      if (!preview.ok) {
        setError(preview.message);
        return;
      }
      const out = await actions.create({
        name: name.trim() || `${summary?.name ?? 'Pipeline'} job`,
        pipeline,
        parameters: grid.grid,
        deselected: preview.value.combinations.filter((c) => deselected.has(runKey(c.parameters))).map((c) => c.index),
        schedule: sched.value,
        env: envRowsToMap(env),
        maxRunsToKeep: keepN,
        retries: retriesN!,
        parallelRuns: parallelN!,
        ...(webhook.trim() ? { webhookUrl: webhook.trim() } : {}),
      });
      if (!out.ok) setError(out.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="new-job" aria-label="New job" onSubmit={(e) => void submit(e)}>
      <div className="section-header">
        <h2>New job</h2>
        <button type="button" onClick={() => actions.show({ kind: 'none' })}>
          Close
        </button>
      </div>
      <div className="new-job-row">
        <label className="field" htmlFor={`${id}-name`}>
          Name
          <input id={`${id}-name`} value={name} placeholder={`${summary?.name ?? 'Pipeline'} job`} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field" htmlFor={`${id}-pipeline`}>
          Pipeline
          <select id={`${id}-pipeline`} value={pipeline} onChange={(e) => setPipeline(e.target.value)}>
            {pipelines.map((p) => (
              <option key={p.path} value={p.path}>
                {p.name} ({p.path})
              </option>
            ))}
          </select>
        </label>
      </div>
      {gridError ? <p className="field-error">{gridError}</p> : null}
      {grid ? (
        <>
          <p className="field-hint">
            {grid.source === 'file' ? `Values from ${grid.file}.` : `No ${grid.file} yet: the values are the pipeline’s own; add values to sweep.`}
          </p>
          {grid.warnings.map((w) => (
            <p key={w} className="field-hint warning">
              {w}
            </p>
          ))}
          <ParameterForm grid={grid.grid} pipeline={definition} onChange={(g) => setGrid({ ...grid, grid: g })} />
          <GridPreview grid={grid.grid} pipeline={definition} deselected={deselected} onChange={setDeselected} />
        </>
      ) : !gridError && pipeline ? (
        <p className="muted">Reading the parameters…</p>
      ) : null}
      <ScheduleFields draft={schedule} timeZone={timeZone} onChange={setSchedule} />
      <JobEnvFields rows={env} onChange={setEnv} />
      <div className="new-job-row">
        <label className="field">
          Runs to keep
          <input inputMode="numeric" value={keep} placeholder="all" onChange={(e) => setKeep(e.target.value)} />
        </label>
        <label className="field">
          Retries per step
          <input inputMode="numeric" value={retries} onChange={(e) => setRetries(e.target.value)} />
        </label>
        <label className="field">
          Parallel runs
          <input inputMode="numeric" value={parallel} onChange={(e) => setParallel(e.target.value)} />
        </label>
      </div>
      <label className="field">
        Webhook URL
        <input type="url" value={webhook} placeholder="none" title="Receives a JSON summary by POST when the job (or a cron firing) finishes" onChange={(e) => setWebhook(e.target.value)} />
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="new-job-actions">
        <button type="submit" className="primary" disabled={busy || !grid}>
          {busy ? 'Creating…' : `Create job (${runs.length} run${runs.length === 1 ? '' : 's'})`}
        </button>
      </div>
    </form>
  );
}
