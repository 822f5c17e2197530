import './environments.css';
import { useEditor } from '../editor/store/editor-context.js';
import { useEnvironmentActions, useEnvironments, useHasEnvironments } from './environment-context.js';

function Switch() {
  const actions = useEnvironmentActions();
  const screen = useEnvironments((s) => s.screen);
  const hasProject = useEditor((s) => s.project !== null);
  if (!hasProject) return null;
  return (
    <div className="screen-switch" role="group" aria-label="Show">
      <button type="button" aria-pressed={screen === 'pipelines'} onClick={() => actions.show('pipelines')}>
        Pipelines
      </button>
      <button type="button" aria-pressed={screen === 'environments'} onClick={() => actions.show('environments')}>
        Environments
      </button>
    </div>
  );
}

/** Sidebar buttons between the pipeline editor and the project's environments. */
export function ScreenSwitch() {
  return useHasEnvironments() ? <Switch /> : null;
}
