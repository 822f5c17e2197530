import { useEffect } from 'react';
import { useEditorStore } from '../editor/store/editor-context.js';
import { availabilityFor, selectRunning } from './run-store.js';
import { useRunStore } from './run-context.js';
import { isTextEntry, runCommandFor, type RunCommand } from './run-shortcuts.js';
import type { RunKind } from '../../../main/src/api/runs.js';

const kindOf: Record<Exclude<RunCommand, 'cancel'>, RunKind> = { 'run-all': 'full', 'run-selected': 'selection', 'run-incoming': 'incoming' };

/**
 * Ctrl+Shift+Enter, Ctrl+Enter, Ctrl+I run; Escape cancels a run that is going. Listens in the
 * capture phase, so an Escape that cancels does not also clear the selection (the editor's
 * shortcut); with no run going, Escape is left to the editor.
 */
export function useRunShortcuts() {
  const editor = useEditorStore();
  const runs = useRunStore();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = runCommandFor(event);
      if (!command || event.defaultPrevented) return;
      const ed = editor.getState();
      if (ed.conflict || isTextEntry(event.target)) return;
      const state = runs.getState();
      if (command === 'cancel') {
        if (!selectRunning(state) || !state.run) return;
        event.preventDefault();
        event.stopPropagation();
        void state.actions.cancel();
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      const kind = kindOf[command];
      const avail = availabilityFor(ed, state);
      const reason = kind === 'full' ? avail.full : kind === 'selection' ? avail.selection : avail.incoming;
      if (reason.ok) void state.actions.start(kind);
      else ed.actions.notify(reason.reason);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [editor, runs]);
}
