import './argo.css';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ArgoExportResult } from '../../../main/src/api/argo.js';
import { useArgo, useArgoActions, useHasArgo } from './argo-context.js';
import type { ArgoOptions } from './argo-store.js';
import { ArgoSubmitPanel } from './ArgoSubmitPanel.js';

function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="argo-field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? <span className="muted">{hint}</span> : null}
    </div>
  );
}

/** A text option; the manifest is made again when the field is left (or Enter). */
function OptionInput({ name, label, placeholder, hint }: { name: keyof Omit<ArgoOptions, 'grid'>; label: string; placeholder?: string; hint?: string }) {
  const value = useArgo((s) => s.options[name]);
  const actions = useArgoActions();
  const id = `argo-${name}`;
  return (
    <Field id={id} label={label} {...(hint ? { hint } : {})}>
      <input
        id={id}
        type="text"
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => actions.setOptions({ [name]: e.target.value })}
        onBlur={() => void actions.refresh()}
        onKeyDown={(e) => e.key === 'Enter' && void actions.refresh()}
      />
    </Field>
  );
}

function Images({ result }: { result: ArgoExportResult }) {
  return (
    <table className="argo-images" aria-label="Images">
      <thead>
        <tr>
          <th>Image the cluster pulls</th>
          <th>Local image</th>
          <th>Steps</th>
        </tr>
      </thead>
      <tbody>
        {result.images.map((i) => (
          <tr key={i.local}>
            <td>
              <code>{i.remote}</code>
              {i.push ? <span className="badge">to push</span> : null}
            </td>
            <td>
              <code>{i.local}</code>
              {i.present === false ? <span className="badge badge-error">not built here</span> : null}
            </td>
            <td>{i.steps.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function saveAs(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Manifest({ result, name }: { result: ArgoExportResult; name: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(result.yaml);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <>
      <div className="argo-manifest-head">
        <span>
          {result.documents === 1 ? result.kind : `${result.documents} ${result.kind}s, one per run of the grid`}
        </span>
        <span className="form-buttons">
          <button type="button" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
          <button type="button" onClick={() => saveAs(result.yaml, `${name}.argo.yaml`)}>
            Save…
          </button>
        </span>
      </div>
      <textarea className="argo-manifest" aria-label="Argo manifest" readOnly value={result.yaml} spellCheck={false} />
    </>
  );
}

function Dialog() {
  const pipeline = useArgo((s) => s.pipeline);
  const phase = useArgo((s) => s.phase);
  const result = useArgo((s) => s.result);
  const error = useArgo((s) => s.error);
  const grid = useArgo((s) => s.options.grid);
  const registry = useArgo((s) => s.options.registry);
  const pushing = useArgo((s) => s.pushing);
  const pushLog = useArgo((s) => s.pushLog);
  const actions = useArgoActions();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pipeline) close.current?.focus();
  }, [pipeline]);
  if (!pipeline) return null;
  const toPush = result?.images.filter((i) => i.push).length ?? 0;
  const name = (pipeline.split('/').pop() ?? 'pipeline').replace(/\.(orchest|json)$/, '');
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && actions.close()}>
      <div className="dialog argo-dialog" role="dialog" aria-modal="true" aria-labelledby="argo-title">
        <div className="argo-title-row">
          <h2 id="argo-title">Export to Argo Workflows</h2>
          <button type="button" ref={close} onClick={() => actions.close()}>
            Close
          </button>
        </div>
        <p className="muted">
          {pipeline} as a manifest for a Kubernetes cluster with Argo Workflows: one task per step, the project and /data on a volume claim.
        </p>
        <div className="argo-options">
          <OptionInput name="registry" label="Registry" placeholder="registry.example.org/team" hint="Local images are renamed under it." />
          <OptionInput name="pvc" label="Volume claim" />
          <OptionInput name="namespace" label="Namespace" placeholder="(the cluster's default)" />
          <OptionInput name="retries" label="Retries per step" />
          <OptionInput name="cron" label="Schedule (cron)" placeholder="0 3 * * *" hint="A CronWorkflow when set." />
          <div className="argo-field">
            <label>
              <input
                type="checkbox"
                checked={grid}
                onChange={(e) => {
                  actions.setOptions({ grid: e.target.checked });
                  void actions.refresh();
                }}
              />{' '}
              One workflow per run of the parameter grid
            </label>
          </div>
        </div>
        {error ? (
          <p className="argo-error" role="alert">
            {error}
          </p>
        ) : null}
        {phase === 'loading' && !result ? <p className="muted">Exporting…</p> : null}
        {result ? (
          <>
            <Images result={result} />
            <div className="form-buttons">
              <button
                type="button"
                disabled={!registry.trim() || pushing || toPush === 0}
                title={!registry.trim() ? 'Give a registry to push to' : undefined}
                onClick={() => void actions.push()}
              >
                {pushing ? 'Pushing…' : `Push ${toPush} image${toPush === 1 ? '' : 's'}`}
              </button>
            </div>
            {pushLog.length ? <pre className="argo-push-log" aria-label="Push progress">{pushLog.join('\n')}</pre> : null}
            <ul className="argo-notes">
              {result.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
            <Manifest result={result} name={name} />
            <ArgoSubmitPanel />
          </>
        ) : null}
      </div>
    </div>
  );
}

/** The dialog of "Export to Argo…"; nothing where the app provides no Argo store. */
export function ArgoExportDialog() {
  return useHasArgo() ? <Dialog /> : null;
}
