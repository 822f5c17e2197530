import type { KeyboardEvent } from 'react';

/** On a screen over the hidden editor, its shortcuts (undo, select all, delete) must not act on the pipeline. */
export function keepEditorKeys(event: KeyboardEvent) {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if ((mod && (key === 'z' || key === 'y' || key === 'a')) || (!mod && (key === 'delete' || key === 'backspace' || key === 'escape'))) event.stopPropagation();
}
