import { useEffect } from 'react';
import { useEditor } from '../editor/store/editor-context.js';

/** "● my pipeline — project — Orchest": the window title says what is open and if it is saved. */
export function useDocumentTitle() {
  const pipelineName = useEditor((s) => s.doc?.pipeline?.name ?? s.doc?.name ?? null);
  const projectName = useEditor((s) => s.project?.name ?? null);
  const dirty = useEditor((s) => s.dirty);
  useEffect(() => {
    const parts = [pipelineName, projectName, 'Orchest'].filter((p): p is string => Boolean(p));
    document.title = (dirty ? '● ' : '') + parts.join(' — ');
  }, [pipelineName, projectName, dirty]);
}
