import { useEditor } from '../store/editor-context.js';
import { selectReadOnly } from '../store/selectors.js';

/** "Saved" / "Saving…" / "Unsaved changes": autosave has no button, so say where it stands. */
export function SaveState() {
  const hasDoc = useEditor((s) => s.doc !== null);
  const readOnly = useEditor(selectReadOnly);
  const dirty = useEditor((s) => s.dirty);
  const saving = useEditor((s) => s.saving);
  const conflict = useEditor((s) => s.conflict !== null);
  if (!hasDoc) return null;
  const text = readOnly ? 'Read-only (invalid file)' : conflict ? 'Changed on disk' : saving ? 'Saving…' : dirty ? 'Unsaved changes' : 'Saved';
  return (
    <span className="save-state" data-testid="save-state" data-state={readOnly ? 'read-only' : saving ? 'saving' : dirty ? 'dirty' : 'saved'}>
      {text}
    </span>
  );
}
