import { Maximize, Network, Plus, Redo2, SquareDashedMousePointer, Trash2, Undo2, Workflow } from 'lucide-react';
import { SHORTCUTS } from '../../common/shortcuts.js';
import { ToolButton } from '../../common/ToolButton.js';
import { ExportToArgoButton, RunOnKubernetesButton } from '../../argo/ArgoButtons.js';
import { JupyterServers } from '../../jupyter/JupyterServers.js';
import { RunControls } from '../../runs/RunControls.js';
import { useCanvasCommands } from '../canvas/canvas-commands.js';
import { useEditor, useEditorActions } from '../store/editor-context.js';
import { selectCanRedo, selectCanUndo, selectHasSelection, selectPipeline, selectReadOnly } from '../store/selectors.js';
import { SaveState } from './SaveState.js';

/** Where we are (project › pipeline, save state), the editing commands, then the run controls. */
export function Toolbar() {
  const actions = useEditorActions();
  const { addStepAtCenter, autoLayout, fitView } = useCanvasCommands();
  const pipeline = useEditor(selectPipeline);
  const readOnly = useEditor(selectReadOnly);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const hasSelection = useEditor(selectHasSelection);
  const project = useEditor((s) => s.project);
  const editable = pipeline !== null && !readOnly;
  const hasSteps = pipeline !== null && Object.keys(pipeline.steps).length > 0;
  const pipelineName = pipeline ? pipeline.name || 'Untitled pipeline' : null;

  return (
    <header className="toolbar">
      <div className="toolbar-title">
        <span className="brand">
          <Workflow size={18} strokeWidth={2} aria-hidden="true" />
          Orchest
        </span>
        {project ? (
          <span className="toolbar-where" title={project.root}>
            <span className="toolbar-project">{project.name}</span>
            {pipelineName ? (
              <>
                <span className="toolbar-sep" aria-hidden="true">
                  ›
                </span>
                <span className="toolbar-pipeline">{pipelineName}</span>
              </>
            ) : null}
          </span>
        ) : null}
        <SaveState />
      </div>
      <div className="toolbar-group" role="toolbar" aria-label="Edit">
        <ToolButton icon={Plus} label="New step" tip="New step in the middle of the view" onClick={addStepAtCenter} disabled={!editable} />
        <ToolButton icon={Trash2} label="Delete" tip="Delete the selection" shortcut={SHORTCUTS.delete} onClick={actions.deleteSelection} disabled={!editable || !hasSelection} />
        <span className="toolbar-divider" aria-hidden="true" />
        <ToolButton icon={Undo2} label="Undo" shortcut={SHORTCUTS.undo} onClick={actions.undo} disabled={!canUndo} />
        <ToolButton icon={Redo2} label="Redo" shortcut={SHORTCUTS.redo} onClick={actions.redo} disabled={!canRedo} />
        <span className="toolbar-divider" aria-hidden="true" />
        <ToolButton icon={SquareDashedMousePointer} label="Select all" shortcut={SHORTCUTS.selectAll} onClick={actions.selectAll} disabled={!hasSteps} />
        <ToolButton icon={Network} label="Auto layout" tip="Auto layout: arrange the steps left to right" onClick={() => void autoLayout()} disabled={!editable || !hasSteps} />
        <ToolButton icon={Maximize} label="Fit view" tip="Fit view: show every step" onClick={fitView} disabled={!hasSteps} />
      </div>
      <RunControls />
      <div className="toolbar-group" role="toolbar" aria-label="Pipeline">
        <ExportToArgoButton />
        <RunOnKubernetesButton />
      </div>
      <JupyterServers />
    </header>
  );
}
