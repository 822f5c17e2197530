import { Ship } from 'lucide-react';
import { ToolButton } from '../common/ToolButton.js';
import { useEditor } from '../editor/store/editor-context.js';
import { useArgoActions, useHasArgo } from './argo-context.js';

function Button() {
  const actions = useArgoActions();
  const path = useEditor((s) => (s.doc?.pipeline ? s.doc.path : null));
  const hasErrors = useEditor((s) => (s.doc?.problems ?? []).some((p) => p.severity === 'error'));
  const why = !path ? 'Open a pipeline to export it' : hasErrors ? 'Fix the pipeline\'s problems first' : 'Export to Argo…: the pipeline as an Argo Workflows manifest for Kubernetes';
  return <ToolButton icon={Ship} label="Export to Argo…" tip={why} disabled={!path || hasErrors} onClick={() => path && actions.open(path)} />;
}

/** "Export to Argo…" for the open pipeline; nothing where the app provides no Argo store. */
export function ExportToArgoButton() {
  return useHasArgo() ? <Button /> : null;
}
