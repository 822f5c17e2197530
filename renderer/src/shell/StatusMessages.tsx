import { useEditor, useEditorActions } from '../editor/store/editor-context.js';

/** Short-lived messages (a refused cycle, a failed save). Always mounted, so it is a live region. */
export function StatusMessages() {
  const messages = useEditor((s) => s.messages);
  const actions = useEditorActions();
  return (
    <div className="messages" role="status" aria-live="polite">
      {messages.map((m) => (
        <div key={m.id} className={`message message-${m.tone}`}>
          <span>{m.text}</span>
          <button type="button" className="message-dismiss" onClick={() => actions.dismissMessage(m.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
