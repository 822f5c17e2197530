import { useState } from 'react';
import { LogView } from '../logs/LogView.js';
import type { BuildView } from './build-log.js';

/** The build's output, colours and all, as the run logs show theirs; follows the end unless scrolled up. */
export function BuildLog({ view }: { view: BuildView }) {
  const [follow, setFollow] = useState(true);
  if (!view.log) return <p className="muted">No build log yet.</p>;
  return (
    <div className="build-log">
      {view.logPhase === 'error' ? <p className="build-log-error">Could not read the build log: {view.logError}</p> : null}
      <LogView
        buffer={view.log}
        version={view.logVersion}
        follow={follow}
        onFollowChange={setFollow}
        label="Build log"
        placeholder={view.logPhase === 'loading' ? 'Loading…' : view.logPhase === 'ready' ? 'No build log yet.' : null}
      />
    </div>
  );
}
