import { useEditor } from '../../store/editor-context.js';
import { selectProblems } from '../../store/selectors.js';
import { ProblemsPanel } from './ProblemsPanel.js';

/** Below the canvas: problems now; step logs and run output will share this area. */
export function BottomPanel() {
  const hasProblems = useEditor((s) => selectProblems(s).length > 0);
  if (!hasProblems) return null;
  return (
    <div className="bottom-panel" data-testid="bottom-panel">
      <ProblemsPanel />
    </div>
  );
}
