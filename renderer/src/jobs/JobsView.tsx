import './jobs.css';
import { useState } from 'react';
import { keepEditorKeys } from '../common/keep-editor-keys.js';
import { useEditor } from '../editor/store/editor-context.js';
import { useEnvironmentActions } from '../environments/environment-context.js';
import { CompareRuns } from './CompareRuns.js';
import { DiskUsage } from './DiskUsage.js';
import { JobsTable } from './JobsTable.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import { NewJobForm } from './NewJobForm.js';
import { notificationPermission, requestNotificationPermission, type NotificationPermissionState } from './notifications.js';
import { RunDetail } from './RunDetail.js';
import { RunsTable } from './RunsTable.js';

/** Web mode asks for the browser's permission on a click; Electron's shell notifies by itself. */
const inElectron = () => typeof window !== 'undefined' && window.api !== undefined;

function DetailPane({ onAskNotifications }: { onAskNotifications: () => void }) {
  const panel = useJobs((s) => s.panel);
  const docPath = useEditor((s) => s.doc?.path ?? null);
  switch (panel.kind) {
    case 'run':
      return <RunDetail key={panel.runUuid} runUuid={panel.runUuid} />;
    case 'compare':
      return <CompareRuns runs={panel.runs} />;
    case 'new-job':
      return <NewJobForm initialPipeline={panel.pipeline ?? docPath} onRequestNotifications={onAskNotifications} />;
    case 'usage':
      return <DiskUsage />;
    case 'none':
      return <p className="muted">Open a run to see its timeline, logs and outputs; tick two runs to compare them.</p>;
  }
}

/** The Runs & jobs screen: in place of the canvas and the properties panel. */
export function JobsView() {
  const actions = useJobsActions();
  const environments = useEnvironmentActions();
  const listError = useJobs((s) => s.listError);
  const note = useJobs((s) => s.note);
  const docPath = useEditor((s) => s.doc?.path ?? null);
  const [permission, setPermission] = useState<NotificationPermissionState>(notificationPermission);
  const askNotifications = () => {
    if (!inElectron() && permission === 'default') void requestNotificationPermission().then(setPermission);
  };
  return (
    <main className="jobs-view" aria-label="Runs and jobs" onKeyDown={keepEditorKeys}>
      <section className="jobs-list-pane" aria-labelledby="jobs-heading">
        <div className="section-header">
          <h2 id="jobs-heading">Runs &amp; jobs</h2>
          <button type="button" onClick={() => actions.show({ kind: 'new-job', pipeline: docPath })}>
            New job
          </button>
          <button type="button" onClick={() => actions.show({ kind: 'usage' })}>
            Disk usage
          </button>
          {!inElectron() && permission === 'default' ? (
            <button type="button" onClick={askNotifications} title="Show a desktop notification when a job or a long run finishes">
              Enable notifications
            </button>
          ) : null}
          <button type="button" onClick={() => void actions.refresh()}>
            Refresh
          </button>
          <button type="button" onClick={() => environments.show('pipelines')}>
            Back to pipelines
          </button>
        </div>
        {listError ? (
          <p className="field-error" role="alert">
            {listError}
          </p>
        ) : null}
        {note ? (
          <p className={note.tone === 'error' ? 'field-error' : 'field-hint'} role="status" data-testid="jobs-note">
            {note.text}
          </p>
        ) : null}
        <JobsTable />
        <RunsTable />
      </section>
      <div className="jobs-detail-pane">
        <DetailPane onAskNotifications={askNotifications} />
      </div>
    </main>
  );
}
