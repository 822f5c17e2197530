import { useEffect, useRef, useState } from 'react';
import { useEditor, useEditorActions } from '../store/editor-context.js';

/** The open file changed on disk while the user had unsaved edits: they choose which wins. */
export function ConflictDialog() {
  const conflict = useEditor((s) => s.conflict);
  const actions = useEditorActions();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (conflict) first.current?.focus();
  }, [conflict]);
  if (!conflict) return null;
  const choose = async (choice: 'keep' | 'load') => {
    setBusy(true);
    try {
      await actions.resolveConflict(choice);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="conflict-title" aria-describedby="conflict-text">
        <h2 id="conflict-title">File changed on disk</h2>
        <p id="conflict-text">
          {conflict.path} was changed outside Orchest while you had unsaved changes. Keep yours (overwriting the file), or load
          the file from disk (your changes stay in Undo).
        </p>
        <div className="form-buttons">
          <button type="button" ref={first} disabled={busy} onClick={() => void choose('keep')}>
            Keep my changes
          </button>
          <button type="button" disabled={busy} onClick={() => void choose('load')}>
            Load file from disk
          </button>
        </div>
      </div>
    </div>
  );
}
