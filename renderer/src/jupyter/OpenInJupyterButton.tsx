import type { JupyterOpenRequest } from '../../../main/src/api/sessions.js';
import { useHasJupyter, useJupyter, useJupyterActions } from './jupyter-context.js';
import { openPendingTab } from './jupyter-store.js';

function Button({ request, label }: { request: JupyterOpenRequest; label: string }) {
  const actions = useJupyterActions();
  const opening = useJupyter((s) => s.opening);
  return (
    <button
      type="button"
      disabled={opening}
      title="Start a Jupyter server in this step's environment and open the notebook in it"
      onClick={() => void actions.open(request, openPendingTab())}
    >
      {opening ? 'Starting Jupyter…' : label}
    </button>
  );
}

/** "Open in JupyterLab" for a notebook step or a notebook file; nothing outside the app's Jupyter store. */
export function OpenInJupyterButton({ request, label = 'Open in JupyterLab' }: { request: JupyterOpenRequest; label?: string }) {
  return useHasJupyter() ? <Button request={request} label={label} /> : null;
}
