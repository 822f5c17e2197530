import type { Pipeline } from '../../../../main/src/api/pipeline.js';

/** Undo/redo as pipeline snapshots (pipelines are immutable, so a snapshot is a reference). */
export interface History {
  past: readonly Pipeline[];
  future: readonly Pipeline[];
  /** Key of the last recorded edit: consecutive edits with the same key (typing) are one entry. */
  lastKey: string | null;
}

export const HISTORY_LIMIT = 200;

export const emptyHistory: History = { past: [], future: [], lastKey: null };

/** Record that `before` was replaced by an edit. */
export function record(history: History, before: Pipeline, key?: string): History {
  if (key !== undefined && key === history.lastKey) return { ...history, future: [] };
  const past = [...history.past, before];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], lastKey: key ?? null };
}

export function undo(history: History, present: Pipeline): { history: History; pipeline: Pipeline } | null {
  const previous = history.past[history.past.length - 1];
  if (!previous) return null;
  return {
    pipeline: previous,
    history: { past: history.past.slice(0, -1), future: [...history.future, present], lastKey: null },
  };
}

export function redo(history: History, present: Pipeline): { history: History; pipeline: Pipeline } | null {
  const next = history.future[history.future.length - 1];
  if (!next) return null;
  return {
    pipeline: next,
    history: { past: [...history.past, present], future: history.future.slice(0, -1), lastKey: null },
  };
}
