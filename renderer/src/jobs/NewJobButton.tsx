import { CalendarClock } from 'lucide-react';
import { ToolButton } from '../common/ToolButton.js';
import { useEditor } from '../editor/store/editor-context.js';
import { useEnvironmentActions } from '../environments/environment-context.js';
import { useHasJobs, useJobsActions } from './jobs-context.js';

function Button() {
  const actions = useJobsActions();
  const environments = useEnvironmentActions();
  const path = useEditor((s) => (s.doc?.pipeline ? s.doc.path : null));
  return (
    <ToolButton
      icon={CalendarClock}
      label="New job"
      tip="New job: run this pipeline over a parameter grid, now or on a schedule"
      disabled={!path}
      onClick={() => {
        actions.show({ kind: 'new-job', pipeline: path });
        environments.show('jobs');
      }}
    />
  );
}

/** The editor's way to a new job of the open pipeline (only in an app with the jobs store). */
export function NewJobButton() {
  return useHasJobs() ? <Button /> : null;
}
