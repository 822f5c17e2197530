import { StepLogPane, useStepLogOpen } from '../runs/StepLogPane.js';
import { useEditor } from '../editor/store/editor-context.js';
import { selectProblems } from '../editor/store/selectors.js';
import { ProblemsPanel } from '../editor/panels/ProblemsPanel.js';

/** Below the canvas: the pipeline's problems, and beside them the selected step's log. */
export function BottomPanel() {
  const hasProblems = useEditor((s) => selectProblems(s).length > 0);
  const hasLog = useStepLogOpen();
  if (!hasProblems && !hasLog) return null;
  return (
    <div className={hasLog ? 'bottom-panel has-log' : 'bottom-panel'} data-testid="bottom-panel">
      {hasProblems ? <ProblemsPanel /> : null}
      {hasLog ? <StepLogPane /> : null}
    </div>
  );
}
