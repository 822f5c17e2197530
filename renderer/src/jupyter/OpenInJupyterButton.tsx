import type { JupyterOpenRequest } from '../../../main/src/api/sessions.js';
import { useHasJupyter, useJupyter, useJupyterActions } from './jupyter-context.js';
import { openPendingTab } from './jupyter-store.js';
import { useEnginesIfAny } from '../engines/engine-context.js';

function Button({ request, label }: { request: JupyterOpenRequest; label: string }) {
  const actions = useJupyterActions();
  const opening = useJupyter((s) => s.opening);
  // Jupyter uses this machine's Docker and files, whichever engine the runs use.
  const elsewhere = useEnginesIfAny((s) => (s.list?.active?.remote ? s.list.active.name : null), null);
  return (
    <button
      type="button"
      disabled={opening}
      title={`Start a Jupyter server in this step's environment and open the notebook in it${elsewhere ? ` (Jupyter runs on this machine; runs use ${elsewhere})` : ''}`}
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
