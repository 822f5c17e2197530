import { useEffect, useRef } from 'react';
import type { ArgoWorkflowState } from '../../../main/src/api/argo.js';
import { useArgo, useArgoActions } from './argo-context.js';

function WorkflowState({ wf }: { wf: ArgoWorkflowState }) {
  const logs = useArgo((s) => s.logs);
  return (
    <section className="argo-workflow" aria-label={`Workflow ${wf.name}`}>
      <h3>
        {wf.name} <span className="badge" data-testid="argo-workflow-phase">{wf.phase ?? 'Pending'}</span>
      </h3>
      {wf.message ? <p className="muted">{wf.message}</p> : null}
      <ul>
        {wf.steps.map((s) => (
          <li key={s.uuid}>
            <strong>{s.title || s.uuid}</strong> <span className="badge">{s.phase ?? 'Pending'}</span>
            {s.message && s.phase !== 'Succeeded' ? <span className="muted"> — {s.message}</span> : null}
            {logs[`${wf.name}/${s.uuid}`] ? <pre className="argo-step-log">{logs[`${wf.name}/${s.uuid}`]}</pre> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Submit the manifest to a cluster (a kubeconfig on this machine) and follow what it runs. */
export function ArgoSubmitPanel() {
  const kubeconfig = useArgo((s) => s.options.kubeconfig);
  const context = useArgo((s) => s.options.context);
  const submitting = useArgo((s) => s.submitting);
  const workflows = useArgo((s) => s.workflows);
  const pipeline = useArgo((s) => s.pipeline);
  const focus = useArgo((s) => s.focus);
  const actions = useArgoActions();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focus !== 'submit') return;
    field.current?.scrollIntoView({ block: 'center' });
    field.current?.focus();
  }, [focus, pipeline]);
  const mine = workflows.filter((w) => w.pipeline === pipeline);
  return (
    <section className="argo-submit" aria-label="Run on Kubernetes">
      <h3>Run on Kubernetes</h3>
      <div className="argo-options">
        <div className="argo-field">
          <label htmlFor="argo-kubeconfig">Kubeconfig</label>
          <input id="argo-kubeconfig" ref={field} type="text" value={kubeconfig} placeholder="/home/me/.kube/config" spellCheck={false} onChange={(e) => actions.setOptions({ kubeconfig: e.target.value })} />
        </div>
        <div className="argo-field">
          <label htmlFor="argo-context">Context</label>
          <input id="argo-context" type="text" value={context} placeholder="(its current-context)" spellCheck={false} onChange={(e) => actions.setOptions({ context: e.target.value })} />
        </div>
      </div>
      <div className="form-buttons">
        <button type="button" disabled={!kubeconfig.trim() || submitting} onClick={() => void actions.submit()}>
          {submitting ? 'Submitting…' : 'Submit to cluster'}
        </button>
      </div>
      {mine.map((wf) => (
        <WorkflowState key={wf.name} wf={wf} />
      ))}
    </section>
  );
}
