import type { EnvironmentInfo } from '../../../main/src/api/environments.js';
import { isBuildActive } from '../../../main/src/common/statuses.js';
import { BuildLog } from './BuildLog.js';
import { BuildProgress } from './BuildProgress.js';
import { BuildState } from './BuildState.js';
import { useEnvironments } from './environment-context.js';
import { shownStatus } from './environment-store.js';
import { formatRelativeTime, formatSizeMB } from './format.js';
import { useNow } from '../common/use-now.js';

/** State, progress, the core's message (warnings, failure reason) and the live log of one environment's build. */
export function BuildPanel({ info }: { info: EnvironmentInfo }) {
  const view = useEnvironments((s) => s.builds[info.uuid]);
  const note = useEnvironments((s) => s.notes[info.uuid]);
  const now = useNow(true, 30_000);
  const status = shownStatus(info, view);
  const active = isBuildActive(status);
  // The message belongs to the last finished build (or says why there is none); a running build replaces it.
  const message = active ? undefined : info.build.message;
  return (
    <section className="build-panel" aria-label="Build">
      <h3>Build</h3>
      <p className="build-summary">
        <BuildState info={info} view={view} testId="build-state" />
        {!active && info.build.builtAt ? (
          <span title={new Date(info.build.builtAt).toLocaleString()}>built {formatRelativeTime(info.build.builtAt, now)}</span>
        ) : null}
        {!active && info.build.sizeBytes !== undefined ? <span>{formatSizeMB(info.build.sizeBytes)}</span> : null}
        {info.image ? (
          <span className="build-image" title="The image this recipe builds to">
            {info.image}
          </span>
        ) : null}
      </p>
      {active ? <BuildProgress progress={view?.progress} label="Build progress" /> : null}
      {note ? (
        <p className={`build-note build-note-${note.tone}`} role={note.tone === 'error' ? 'alert' : 'status'}>
          {note.text}
        </p>
      ) : null}
      {message ? (
        <p className={status === 'SUCCESS' ? 'build-message is-warning' : 'build-message'} data-testid="build-message">
          {message}
        </p>
      ) : null}
      {view ? <BuildLog view={view} /> : <p className="muted">No build log yet.</p>}
    </section>
  );
}
