import type { Pipeline, Step } from '../../../../main/src/api/pipeline.js';
import { useEditorActions } from '../store/editor-context.js';

/** The step's parents in order: the order of the unnamed inputs `get_inputs()` hands the step. */
export function IncomingConnections({ step, pipeline }: { step: Step; pipeline: Pipeline }) {
  const actions = useEditorActions();
  const parents = step.incoming_connections;
  return (
    <section className="field" aria-labelledby={`incoming-${step.uuid}`}>
      <h3 id={`incoming-${step.uuid}`}>Incoming connections</h3>
      {parents.length === 0 ? <p className="muted">None: connect another step's output to this step's input.</p> : null}
      <ol className="incoming-list" aria-label="Incoming connections">
        {parents.map((parent, i) => {
          const title = pipeline.steps[parent]?.title || parent;
          return (
            <li key={parent}>
              <span className="incoming-title">{pipeline.steps[parent] ? title : `${parent} (missing step)`}</span>
              <span className="incoming-buttons">
                <button type="button" disabled={i === 0} onClick={() => actions.moveIncoming(step.uuid, parent, -1)} title={`Move ${title} up`}>
                  Move up
                </button>
                <button type="button" disabled={i === parents.length - 1} onClick={() => actions.moveIncoming(step.uuid, parent, 1)} title={`Move ${title} down`}>
                  Move down
                </button>
                <button type="button" onClick={() => actions.disconnect(parent, step.uuid)} title={`Remove the connection from ${title}`}>
                  Disconnect
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      {parents.length > 1 ? <p className="field-hint">Unnamed outputs reach this step in this order.</p> : null}
    </section>
  );
}
