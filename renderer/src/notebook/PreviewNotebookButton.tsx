import { useHasNotebook, useNotebookActions } from './notebook-context.js';

function Button({ path, pipeline, stepId }: { path: string; pipeline: string; stepId: string }) {
  const actions = useNotebookActions();
  return (
    <button type="button" title="Show the notebook here: its cells, the last run's outputs, skip tags" onClick={() => void actions.open({ path, step: { pipeline, stepId } })}>
      Preview notebook
    </button>
  );
}

/** "Preview notebook" for a notebook step; nothing outside the app's notebook store. */
export function PreviewNotebookButton(props: { path: string; pipeline: string; stepId: string }) {
  return useHasNotebook() ? <Button {...props} /> : null;
}
