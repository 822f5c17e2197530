/** Keyboard shortcuts of the run controls (pure): which command a key press means. */
export type RunCommand = 'run-all' | 'run-selected' | 'run-incoming' | 'cancel';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export const RUN_SHORTCUTS: Readonly<Record<RunCommand, string>> = {
  'run-all': 'Ctrl+Shift+Enter',
  'run-selected': 'Ctrl+Enter',
  'run-incoming': 'Ctrl+I',
  cancel: 'Escape',
};

/** Ctrl (or Cmd) +Shift+Enter, Ctrl+Enter, Ctrl+I, Escape. */
export function runCommandFor(press: KeyPress): RunCommand | null {
  if (press.altKey) return null;
  const mod = press.ctrlKey || press.metaKey;
  if (mod && press.key === 'Enter') return press.shiftKey ? 'run-all' : 'run-selected';
  if (mod && !press.shiftKey && press.key.toLowerCase() === 'i') return 'run-incoming';
  if (!mod && !press.shiftKey && press.key === 'Escape') return 'cancel';
  return null;
}

/** Keys typed into a text field belong to it (Escape, Ctrl+I, Enter). A select or button is not one. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  return false;
}
