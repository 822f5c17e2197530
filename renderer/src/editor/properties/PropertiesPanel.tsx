import { useEditor } from '../store/editor-context.js';
import { selectPipeline, selectSelectedSteps, selectSingleStep } from '../store/selectors.js';
import { PipelineProperties } from './PipelineProperties.js';
import { StepProperties } from './StepProperties.js';

/** Right panel: the selected step, or the pipeline when nothing is selected. */
export function PropertiesPanel() {
  const pipeline = useEditor(selectPipeline);
  const path = useEditor((s) => s.doc?.path ?? '');
  const dir = useEditor((s) => s.doc?.dir ?? '');
  const step = useEditor(selectSingleStep);
  const selectedCount = useEditor((s) => selectSelectedSteps(s).length);
  return (
    <aside className="properties" aria-label="Properties">
      {!pipeline ? (
        <p className="muted">{path ? 'This pipeline file is invalid: see Problems. Nothing can be edited until it is fixed.' : 'Open a pipeline to edit its properties.'}</p>
      ) : step ? (
        // Keyed by step: drafts (e.g. half-typed JSON) belong to one step.
        <StepProperties key={step.uuid} step={step} pipeline={pipeline} dir={dir} />
      ) : selectedCount > 1 ? (
        <div className="properties-body">
          <h2>{selectedCount} steps selected</h2>
          <p className="muted">Drag them together, or press Delete to remove them.</p>
        </div>
      ) : (
        <PipelineProperties key={path} pipeline={pipeline} path={path} />
      )}
    </aside>
  );
}
