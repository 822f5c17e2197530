import { useEffect } from 'react';
import { useEditorStore } from '../editor/store/editor-context.js';
import { focusFolderPathField } from '../editor/sidebar/OpenFolder.js';

/** Keys typed into a field belong to the field (its own undo, select all, backspace). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  return false;
}

/** Ctrl/Cmd+Z, Ctrl+Shift+Z / Ctrl+Y, Ctrl+A, Delete/Backspace, Escape, Ctrl+O. */
export function useKeyboardShortcuts() {
  const store = useEditorStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = store.getState();
      const { actions } = state;
      if (state.conflict) return; // the dialog decides first
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'o' && !event.shiftKey && !event.altKey) {
        event.preventDefault();
        if (state.appInfo?.canPickFolder) void actions.pickProject();
        else focusFolderPathField();
        return;
      }
      if (isTyping(event.target) || event.altKey) return;
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) actions.undo();
      else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) actions.redo();
      else if (mod && key === 'a') actions.selectAll();
      else if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) actions.deleteSelection();
      else if (!mod && event.key === 'Escape') actions.setSelection({ steps: [], edges: [] });
      else handled = false;
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
