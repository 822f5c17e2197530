/**
 * The keyboard shortcuts as tooltips and menus name them (the handlers are
 * shell/use-keyboard-shortcuts.ts and runs/run-shortcuts.ts; Ctrl is Cmd on a Mac there).
 */
export const SHORTCUTS = {
  openFolder: 'Ctrl+O',
  undo: 'Ctrl+Z',
  redo: 'Ctrl+Shift+Z',
  selectAll: 'Ctrl+A',
  delete: 'Delete',
  runAll: 'Ctrl+Shift+Enter',
  runSelected: 'Ctrl+Enter',
  runIncoming: 'Ctrl+I',
  cancelRun: 'Escape',
} as const;

/** "Undo (Ctrl+Z)". */
export function withShortcut(text: string, shortcut?: string): string {
  return shortcut ? `${text} (${shortcut})` : text;
}
