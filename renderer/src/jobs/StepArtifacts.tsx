import { useCallback, useEffect, useState } from 'react';
import type { NotebookDocument } from '../../../main/src/api/notebooks.js';
import { NotebookCells } from '../notebook/NotebookPreview.js';
import { OutputBlock } from '../outputs/ValueView.js';
import { formatBytes } from '../runs/duration.js';
import { useJobsActions } from './jobs-context.js';
import type { Artifacts, Outcome, RecordedOutputs } from './jobs-store.js';

/** Load once per (run, step): the answer, or why it failed. */
function useLoaded<T>(load: () => Promise<Outcome<T>>, key: string): { value?: T; error?: string } | null {
  const [state, setState] = useState<{ key: string; value?: T; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((out) => live && setState(out.ok ? { key, value: out.value } : { key, error: out.message }));
    return () => {
      live = false;
    };
  }, [key]);
  return state?.key === key ? state : null;
}

function ExecutedNotebook({ runUuid, stepId }: { runUuid: string; stepId: string }) {
  const actions = useJobsActions();
  const state = useLoaded<NotebookDocument | null>(() => actions.loadStepNotebook(runUuid, stepId), `${runUuid}/${stepId}`);
  if (!state) return <p className="muted">Reading the executed notebook…</p>;
  if (state.error) return <p className="field-error">{state.error}</p>;
  if (!state.value) return <p className="muted">This run kept no executed notebook of the step (it is not a notebook step, or it did not get to run).</p>;
  return (
    <section className="run-notebook" aria-label={`Executed notebook ${state.value.path}`}>
      <p className="muted">
        <code>{state.value.path}</code> as this run executed it (read-only).
      </p>
      <NotebookCells notebook={state.value.notebook} />
    </section>
  );
}

function StepOutputs({ runUuid, stepId, files }: { runUuid: string; stepId: string; files: Artifacts['outputs'] }) {
  const actions = useJobsActions();
  const state = useLoaded<RecordedOutputs>(() => actions.loadStepOutputs(runUuid, stepId), `${runUuid}/${stepId}`);
  const loadThumbnail = useCallback((file: string) => actions.loadThumbnail(runUuid, stepId, file), [actions, runUuid, stepId]);
  if (!state) return <p className="muted">Reading the outputs…</p>;
  if (state.error) return <p className="field-error">{state.error}</p>;
  const { outputs, message, state: kind } = state.value!;
  return (
    <section className="run-outputs" aria-label="Outputs of the step">
      <p className="data-message" data-state={kind} data-testid="run-output-state">
        {message}
      </p>
      {outputs.map((o, i) => (
        <OutputBlock key={i} output={o} loadThumbnail={loadThumbnail} />
      ))}
      {files.length ? (
        <p className="muted">
          Files:{' '}
          {files.map((o, i) => (
            <span key={o.path}>
              {i ? ', ' : ''}
              <code title={o.path}>{o.name}</code> {formatBytes(o.bytes)}
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

/** What a step of a recorded run left, read-only: its executed notebook and its outputs as the data view shows them. */
export function StepArtifacts({ runUuid, stepId }: { runUuid: string; stepId: string }) {
  const actions = useJobsActions();
  const state = useLoaded<Artifacts>(() => actions.loadArtifacts(runUuid, stepId), `${runUuid}/${stepId}`);
  const [notebookOpen, setNotebookOpen] = useState(false);
  if (!state) return <p className="muted">Reading the step’s files…</p>;
  if (state.error) return <p className="field-error">{state.error}</p>;
  const { outputs, notebookPath } = state.value!;
  return (
    <div className="step-artifacts" data-testid="step-artifacts">
      {notebookPath ? (
        <p>
          <button type="button" aria-pressed={notebookOpen} onClick={() => setNotebookOpen(!notebookOpen)}>
            Executed notebook
          </button>{' '}
          <code className="muted" title={notebookPath}>
            {notebookPath}
          </code>
        </p>
      ) : null}
      {notebookOpen ? <ExecutedNotebook runUuid={runUuid} stepId={stepId} /> : null}
      <StepOutputs runUuid={runUuid} stepId={stepId} files={outputs} />
    </div>
  );
}
