import { useState } from 'react';
import { LogView } from '../logs/LogView.js';
import { formatBytes } from '../runs/duration.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import type { RecordLog } from './jobs-store.js';

function Pane({ log, title, attempts }: { log: RecordLog; title: string; attempts: number }) {
  const actions = useJobsActions();
  const [follow, setFollow] = useState(true);
  return (
    <section className="record-log" aria-label={`Log of ${title}`}>
      <div className="step-log-header">
        <h3 className="panel-tab">Log: {title}</h3>
        {attempts > 1 ? (
          <label className="inline-field">
            Attempt
            <select value={log.attempt ?? attempts} onChange={(e) => actions.openLog(log.runUuid, log.stepId, Number(e.target.value) === attempts ? null : Number(e.target.value))}>
              {Array.from({ length: attempts }, (_, i) => (
                <option key={i} value={i + 1}>
                  {i + 1}
                  {i + 1 === attempts ? ' (last)' : ''}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {log.truncated ? <span className="step-log-note">showing the end of {formatBytes(log.fileSize)}</span> : null}
        <span className="step-log-spacer" />
        <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          Follow
        </button>
        <button type="button" className="step-log-close" onClick={actions.closeLog} aria-label="Close log">
          ×
        </button>
      </div>
      {log.phase === 'error' ? <p className="step-log-error">Could not read the log: {log.error}</p> : null}
      <LogView buffer={log.buffer} version={log.version} follow={follow} onFollowChange={setFollow} label="Run step log" placeholder={log.phase === 'loading' ? 'Loading…' : 'The step printed nothing.'} />
    </section>
  );
}

/** The open step log of a recorded run: read-only, live while the step runs. */
export function RecordLogPane({ runUuid }: { runUuid: string }) {
  const log = useJobs((s) => (s.log?.runUuid === runUuid ? s.log : null));
  const step = useJobs((s) => s.records[runUuid]?.steps.find((x) => x.uuid === log?.stepId) ?? null);
  if (!log) return null;
  return <Pane key={`${log.stepId}\u0000${log.attempt}`} log={log} title={step?.title || 'Untitled step'} attempts={Math.max(1, step?.attempts ?? 1)} />;
}
