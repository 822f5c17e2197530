import './jupyter.css';
import { useEffect } from 'react';
import { DismissibleError } from '../common/DismissibleError.js';
import { useHasJupyter, useJupyter, useJupyterActions } from './jupyter-context.js';
import { useEnginesIfAny } from '../engines/engine-context.js';

function Servers() {
  const servers = useJupyter((s) => s.servers);
  const error = useJupyter((s) => s.error);
  const actions = useJupyterActions();
  const elsewhere = useEnginesIfAny((s) => Boolean(s.list?.active?.remote), false);
  useEffect(() => void actions.refresh(), [actions]);
  if (!servers.length && !error) return null;
  return (
    <div className="toolbar-group jupyter-servers" role="group" aria-label="Jupyter servers">
      {error ? <DismissibleError className="jupyter-error" message={error} onDismiss={actions.clearError} /> : null}
      {servers.map((s) => (
        <span key={s.id} className="jupyter-server" data-server={s.id}>
          <a href={s.url} target="_blank" rel="noopener noreferrer" title={`${s.flavor === 'lab' ? 'JupyterLab' : 'Jupyter Notebook'} in ${s.image}`}>
            Jupyter: {s.image}
            {elsewhere ? ' (on this machine)' : ''}
          </a>
          <button type="button" onClick={() => void actions.stop(s.id)} aria-label={`Stop the Jupyter server in ${s.image}`}>
            Stop
          </button>
        </span>
      ))}
    </div>
  );
}

/** The running Jupyter servers, each with Stop (in the toolbar). */
export function JupyterServers() {
  return useHasJupyter() ? <Servers /> : null;
}
