import type { EnvironmentInfo } from '../../../main/src/api/environments.js';
import type { BuildView } from './build-log.js';
import { isOutdated, shownStatus } from './environment-store.js';

/** The build state badge of the list and the build panel; an out-of-date image reads "OUT OF DATE". */
export function BuildState({ info, view, testId }: { info: EnvironmentInfo; view: BuildView | undefined; testId?: string }) {
  const outdated = isOutdated(info, view);
  const status = shownStatus(info, view);
  return (
    <span
      className={`build-state state-${outdated ? 'OUTDATED' : status}`}
      data-testid={testId}
      title={outdated ? 'A project file the setup script uses, or the environment, changed since the last build; the next run rebuilds it.' : undefined}
    >
      {outdated ? 'OUT OF DATE' : status}
    </span>
  );
}
