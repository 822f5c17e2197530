import { useHasOutputs, useOutputsActions } from './outputs-context.js';

function Button({ stepId }: { stepId: string }) {
  const { showStep } = useOutputsActions();
  return (
    <div className="field">
      <button type="button" onClick={() => showStep(stepId)} title="What this step produced in the last run: type, size, shape, dtypes, first rows">
        Outputs
      </button>
    </div>
  );
}

/** "Outputs" of a step: opens the data view below the canvas (where the app has one). */
export function ShowOutputsButton({ stepId }: { stepId: string }) {
  return useHasOutputs() ? <Button stepId={stepId} /> : null;
}
