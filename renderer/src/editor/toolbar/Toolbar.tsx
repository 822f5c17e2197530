import { useEditor, useEditorActions } from '../store/editor-context.js';
import { selectCanRedo, selectCanUndo, selectHasSelection, selectPipeline, selectReadOnly } from '../store/selectors.js';
import { useCanvasCommands } from '../canvas/canvas-commands.js';
import { RunControls } from '../../runs/RunControls.js';
import { SaveState } from './SaveState.js';

/** Editing commands, then the run controls. */
export function Toolbar() {
  const actions = useEditorActions();
  const { addStepAtCenter, autoLayout, fitView } = useCanvasCommands();
  const pipeline = useEditor(selectPipeline);
  const readOnly = useEditor(selectReadOnly);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const hasSelection = useEditor(selectHasSelection);
  const projectName = useEditor((s) => s.project?.name ?? null);
  const editable = pipeline !== null && !readOnly;
  const hasSteps = pipeline !== null && Object.keys(pipeline.steps).length > 0;

  return (
    <header className="toolbar">
      <div className="toolbar-title">
        <span className="brand">Orchest</span>
        {projectName ? <span className="toolbar-project">{projectName}</span> : null}
        {pipeline ? <span className="toolbar-pipeline">{pipeline.name || 'Untitled pipeline'}</span> : null}
        <SaveState />
      </div>
      <div className="toolbar-group" role="toolbar" aria-label="Edit">
        <button type="button" onClick={addStepAtCenter} disabled={!editable}>
          New step
        </button>
        <button type="button" onClick={actions.deleteSelection} disabled={!editable || !hasSelection}>
          Delete
        </button>
        <button type="button" onClick={actions.undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" onClick={actions.redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button type="button" onClick={actions.selectAll} disabled={!hasSteps} title="Select all (Ctrl+A)">
          Select all
        </button>
        <button type="button" onClick={() => void autoLayout()} disabled={!editable || !hasSteps}>
          Auto layout
        </button>
        <button type="button" onClick={fitView} disabled={!hasSteps}>
          Fit view
        </button>
      </div>
      <RunControls />
    </header>
  );
}
