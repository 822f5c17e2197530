import './environments.css';
import { useEditor } from '../editor/store/editor-context.js';
import { useHasJobs } from '../jobs/jobs-context.js';
import { useEnvironmentActions, useEnvironments, useHasEnvironments } from './environment-context.js';

function Switch() {
  const actions = useEnvironmentActions();
  const screen = useEnvironments((s) => s.screen);
  const hasProject = useEditor((s) => s.project !== null);
  const hasJobs = useHasJobs();
  if (!hasProject) return null;
  return (
    <div className="screen-switch" role="group" aria-label="Show">
      <button type="button" aria-pressed={screen === 'pipelines'} onClick={() => actions.show('pipelines')}>
        Pipelines
      </button>
      <button type="button" aria-pressed={screen === 'environments'} onClick={() => actions.show('environments')}>
        Environments
      </button>
      {hasJobs ? (
        <button type="button" aria-pressed={screen === 'jobs'} onClick={() => actions.show('jobs')} title="Runs & jobs: every job and run, with timelines, logs and comparisons">
          Jobs
        </button>
      ) : null}
    </div>
  );
}

/** Sidebar buttons between the pipeline editor, the project's environments and its runs and jobs. */
export function ScreenSwitch() {
  return useHasEnvironments() ? <Switch /> : null;
}
