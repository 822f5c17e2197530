import { useEffect, useState } from 'react';
import { formatBytes } from '../runs/duration.js';
import { useJobsActions } from './jobs-context.js';
import type { Artifacts } from './jobs-store.js';

function copy(text: string) {
  void globalThis.navigator?.clipboard?.writeText(text).catch(() => undefined);
}

/** What a step of a recorded run left: its executed notebook and its outputs (read-only). */
export function StepArtifacts({ runUuid, stepId }: { runUuid: string; stepId: string }) {
  const actions = useJobsActions();
  const [state, setState] = useState<{ value?: Artifacts; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    void actions.loadArtifacts(runUuid, stepId).then((out) => live && setState(out.ok ? { value: out.value } : { error: out.message }));
    return () => {
      live = false;
    };
  }, [actions, runUuid, stepId]);
  if (!state) return <p className="muted">Reading the step’s files…</p>;
  if (state.error) return <p className="field-error">{state.error}</p>;
  const { outputs, notebookPath } = state.value!;
  return (
    <div className="step-artifacts" data-testid="step-artifacts">
      {notebookPath ? (
        <p>
          Executed notebook: <code title={notebookPath}>{notebookPath}</code>{' '}
          <button type="button" onClick={() => copy(notebookPath)}>
            Copy path
          </button>
        </p>
      ) : null}
      {outputs.length === 0 ? (
        <p className="muted">No outputs.</p>
      ) : (
        <ul className="output-list" aria-label="Outputs">
          {outputs.map((o) => (
            <li key={o.path}>
              <code title={o.path}>{o.name}</code> <span className="muted">{formatBytes(o.bytes)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
