import { useState } from 'react';
import { isRunFinished } from '../../../main/src/common/statuses.js';
import { useNow } from '../common/use-now.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import { selectRun } from './jobs-store.js';
import { RecordLogPane } from './RecordLogPane.js';
import { parametersText, runDuration } from './run-format.js';
import { RunTimeline } from './RunTimeline.js';
import { StepArtifacts } from './StepArtifacts.js';
import { formatTime, userTimeZone } from './schedule.js';

/** One run: its parameters, timeline, and each step's log, executed notebook and outputs. */
export function RunDetail({ runUuid }: { runUuid: string }) {
  const run = useJobs(selectRun(runUuid));
  const actions = useJobsActions();
  const openLog = useJobs((s) => (s.log?.runUuid === runUuid ? s.log.stepId : null));
  const [files, setFiles] = useState<string | null>(null);
  const now = useNow(run ? !isRunFinished(run.status) : false, 1000);
  if (!run) return <p className="muted">Reading the run…</p>;
  const title = run.kind === 'job' ? `${run.jobName ?? 'Job'} · run ${run.index + 1}` : `Interactive run · ${run.pipelineName}`;
  return (
    <section className="run-detail" aria-label="Run">
      <div className="section-header">
        <h2>{title}</h2>
        <span className="status-tag" data-status={run.status} data-testid="run-detail-status">
          {run.status}
        </span>
        <button type="button" onClick={() => actions.show({ kind: 'none' })}>
          Close
        </button>
      </div>
      <dl className="run-facts">
        <dt>Parameters</dt>
        <dd data-testid="run-parameters">{parametersText(run.parameters)}</dd>
        <dt>Started</dt>
        <dd>{run.startedAt !== undefined ? formatTime(run.startedAt, userTimeZone()) : 'not yet'}</dd>
        <dt>Duration</dt>
        <dd>{runDuration(run, now)}</dd>
        {run.snapshotPath ? (
          <>
            <dt>Snapshot</dt>
            <dd>
              <code>{run.snapshotPath}</code>
            </dd>
          </>
        ) : null}
        {run.message ? (
          <>
            <dt>Message</dt>
            <dd>{run.message}</dd>
          </>
        ) : null}
      </dl>
      {run.steps.length > 0 ? <RunTimeline run={run} /> : <p className="muted">No steps started yet.</p>}
      <ul className="run-steps" aria-label="Step files">
        {run.steps.map((step) => (
          <li key={step.uuid}>
            <span className="run-step-title">{step.title || 'Untitled step'}</span>
            <button type="button" aria-label={`Log of ${step.title || 'Untitled step'}`} aria-pressed={openLog === step.uuid} disabled={step.attempts === 0} onClick={() => (openLog === step.uuid ? actions.closeLog() : actions.openLog(run.uuid, step.uuid))}>
              Log
            </button>
            <button type="button" aria-label={`Notebook and outputs of ${step.title || 'Untitled step'}`} aria-pressed={files === step.uuid} onClick={() => setFiles(files === step.uuid ? null : step.uuid)}>
              Notebook &amp; outputs
            </button>
            {files === step.uuid ? <StepArtifacts runUuid={run.uuid} stepId={step.uuid} /> : null}
          </li>
        ))}
      </ul>
      <RecordLogPane runUuid={run.uuid} />
    </section>
  );
}
