import './environments.css';
import { useMemo } from 'react';
import { isBuildActive } from '../../../main/src/common/statuses.js';
import { BuildProgress } from './BuildProgress.js';
import { useEnvironmentActions, useEnvironments, useHasEnvironments } from './environment-context.js';

function Indicator() {
  const actions = useEnvironmentActions();
  const builds = useEnvironments((s) => s.builds);
  const list = useEnvironments((s) => s.list);
  const screen = useEnvironments((s) => s.screen);
  const selected = useEnvironments((s) => s.selected);
  const running = useMemo(
    () =>
      Object.entries(builds)
        // The environments screen shows its selected build itself.
        .filter(([uuid, view]) => isBuildActive(view.status) && !(screen === 'environments' && uuid === selected))
        .map(([uuid, view]) => ({ uuid, view, name: list?.find((e) => e.uuid === uuid)?.name ?? uuid })),
    [builds, list, screen, selected],
  );
  if (running.length === 0) return null;
  return (
    <div className="env-build-indicator" role="status" aria-label="Environment builds">
      {running.map(({ uuid, view, name }) => (
        <div key={uuid} className="env-build-item">
          <span>Building environment “{name}”…</span>
          <BuildProgress progress={view.progress} label={`Building ${name}`} />
          <button
            type="button"
            className="link-button"
            onClick={() => {
              actions.show('environments');
              actions.select(uuid);
            }}
          >
            Show log
          </button>
        </div>
      ))}
    </div>
  );
}

/**
 * Environments being built, wherever the build came from: a run builds its steps' environments
 * before it starts (the run waits), and this says why nothing runs yet.
 */
export function BuildIndicator() {
  return useHasEnvironments() ? <Indicator /> : null;
}
