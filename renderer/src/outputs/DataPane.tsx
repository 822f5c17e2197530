import './outputs.css';
import { receiverText } from '../../../main/src/common/output-text.js';
import { useEditor } from '../editor/store/editor-context.js';
import { useOutputs, useOutputsActions, useOutputsIfAny } from './outputs-context.js';
import type { DataView } from './outputs-store.js';
import { OutputBlock } from './ValueView.js';

function Body({ view }: { view: DataView }) {
  const { outputs, target } = view;
  if (view.phase === 'error') return <p className="data-message is-error">Could not read the outputs: {view.error}</p>;
  if (!outputs) return <p className="data-message">Loading…</p>;
  const receiver = target.kind === 'edge' ? outputs.receivers.find((r) => r.stepId === target.target) : undefined;
  const receivers = target.kind === 'edge' ? (receiver ? [receiver] : []) : outputs.receivers;
  return (
    <>
      <p className="data-message" data-state={outputs.state} data-testid="data-state">
        <span className="data-state">{outputs.state.replace('-', ' ')}</span> {outputs.message}
      </p>
      {receivers.map((r) => (
        <p key={r.stepId} className={r.collision ? 'data-receiver is-error' : 'data-receiver'}>
          → {receiverText(r)}
          {r.collision ? ` — ${r.collision}` : ''}
        </p>
      ))}
      {outputs.outputs.map((o, i) => (
        <OutputBlock key={i} output={o} />
      ))}
    </>
  );
}

function DataPaneView({ view }: { view: DataView }) {
  const actions = useOutputsActions();
  const { target } = view;
  const sourceId = target.kind === 'step' ? target.stepId : target.source;
  const sourceTitle = useEditor((s) => s.doc?.pipeline?.steps[sourceId]?.title || 'Untitled step');
  const targetTitle = useEditor((s) => (target.kind === 'edge' ? s.doc?.pipeline?.steps[target.target]?.title || 'Untitled step' : ''));
  const title = target.kind === 'edge' ? `Data: ${sourceTitle} → ${targetTitle}` : `Outputs: ${sourceTitle}`;
  return (
    <section className="data-pane" aria-labelledby="data-pane-title" data-testid="data-pane">
      <div className="step-log-header">
        <h2 id="data-pane-title" className="panel-tab">
          {title}
        </h2>
        <span className="step-log-spacer" />
        <button type="button" onClick={() => void actions.refresh()} title="Read the summaries again">
          Refresh
        </button>
        <button type="button" className="step-log-close" onClick={actions.close} aria-label="Close the data view" title="Close">
          ×
        </button>
      </div>
      <div className="data-pane-body">
        <Body view={view} />
      </div>
    </section>
  );
}

/** What a step produced in the last run, or what flows along a selected connection. */
export function DataPane() {
  const view = useOutputs((s) => s.view);
  if (!view) return null;
  return <DataPaneView view={view} />;
}

/** Whether the data view is open (false where the app has no outputs store). */
export function useDataPaneOpen(): boolean {
  return useOutputsIfAny((s) => s.view !== null, false);
}
