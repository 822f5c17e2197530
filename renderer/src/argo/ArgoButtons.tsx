import { CloudUpload, Ship } from 'lucide-react';
import { ToolButton } from '../common/ToolButton.js';
import { useEditor } from '../editor/store/editor-context.js';
import { useArgoActions, useHasArgo } from './argo-context.js';

/** The open pipeline when it can be exported, else why not. */
function useExportable(): { path: string | null; why: string | null } {
  const path = useEditor((s) => (s.doc?.pipeline ? s.doc.path : null));
  const hasErrors = useEditor((s) => (s.doc?.problems ?? []).some((p) => p.severity === 'error'));
  return { path: path && !hasErrors ? path : null, why: !path ? 'Open a pipeline first' : hasErrors ? 'Fix the pipeline\'s problems first' : null };
}

function Button() {
  const actions = useArgoActions();
  const { path, why } = useExportable();
  return <ToolButton icon={Ship} label="Export to Argo…" tip={why ?? 'Export to Argo…: the pipeline as an Argo Workflows manifest for Kubernetes'} disabled={!path} onClick={() => path && actions.open(path)} />;
}

function KubernetesEntry() {
  const actions = useArgoActions();
  const { path, why } = useExportable();
  return (
    <ToolButton
      icon={CloudUpload}
      label="Run on Kubernetes…"
      tip={why ?? 'Run on Kubernetes…: submit the pipeline to a cluster with Argo Workflows and follow its steps'}
      disabled={!path}
      onClick={() => path && actions.open(path, 'submit')}
    />
  );
}

/** The Kubernetes entry (for the toolbar and an engine picker): opens the dialog at "Run on Kubernetes". */
export function RunOnKubernetesButton() {
  return useHasArgo() ? <KubernetesEntry /> : null;
}

/** "Export to Argo…" for the open pipeline; nothing where the app provides no Argo store. */
export function ExportToArgoButton() {
  return useHasArgo() ? <Button /> : null;
}
