import './engines.css';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ActiveEngine, EngineInfo, EngineSpec } from '../../../main/src/api/engines.js';
import { useRuns } from '../runs/run-context.js';
import { engineSpecOf, isKubernetes, kubeSpecOf, type EngineForm, type KubeForm } from './engine-store.js';
import { useEngineActions, useEngines } from './engine-context.js';

const SOURCE: Record<ActiveEngine['source'], string> = {
  run: 'chosen for this run',
  DOCKER_HOST: 'DOCKER_HOST is set in the environment; it wins over the choice here',
  project: "this project's choice",
  config: 'default_engine in the config',
  'docker-context': 'the current Docker context (docker context use)',
  default: 'the local engine',
};

type SpecResult = { ok: true; spec: EngineSpec } | { ok: false; message: string };

/** One add-engine form: its fields as the user fills them, made into an engine spec, saved and chosen. */
function AddForm<F extends { name: string }>(props: {
  label: string;
  initial: F;
  toSpec: (form: F) => SpecResult;
  onDone: () => void;
  children: (field: (key: keyof F & string, label: string, placeholder?: string) => ReactNode, form: F) => ReactNode;
}) {
  const { add } = useEngineActions();
  const [form, setForm] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof F & string, label: string, placeholder = '') => (
    <label className="engine-field">
      <span>{label}</span>
      <input value={String(form[key])} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} aria-label={label} />
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const spec = props.toSpec(form);
    if (!spec.ok) return setError(spec.message);
    const done = await add(form.name.trim(), spec.spec);
    if (done.ok) props.onDone();
    else setError(done.message);
  };
  return (
    <form className="engine-form" onSubmit={(e) => void submit(e)} aria-label={props.label}>
      {props.children(field, form)}
      {error ? <p className="engine-error" role="alert">{error}</p> : null}
      <div className="engine-form-buttons">
        <button type="button" onClick={props.onDone}>Cancel</button>
        <button type="submit">Add and use</button>
      </div>
    </form>
  );
}

const emptyForm: EngineForm = { name: '', host: '', identityFile: '', ca: '', cert: '', key: '' };

function AddEngineForm({ onDone }: { onDone: () => void }) {
  return (
    <AddForm label="Add a remote engine" initial={emptyForm} toSpec={engineSpecOf} onDone={onDone}>
      {(field, form) => {
        const ssh = form.host.trim().startsWith('ssh://');
        return (
          <>
            {field('name', 'Name', 'gpu-box')}
            {field('host', 'Address', 'ssh://me@gpu-box or tcp://10.0.0.2:2376')}
            {ssh ? field('identityFile', 'SSH key file', '~/.ssh/id_ed25519 (empty: the SSH agent)') : null}
            {ssh ? <p className="engine-note">The host&apos;s key must be in ~/.ssh/known_hosts (connect once with ssh, or ssh-keyscan).</p> : null}
            {!ssh ? field('ca', 'TLS CA file', 'ca.pem (empty: no TLS)') : null}
            {!ssh ? field('cert', 'TLS certificate file', 'cert.pem') : null}
            {!ssh ? field('key', 'TLS key file', 'key.pem') : null}
          </>
        );
      }}
    </AddForm>
  );
}

const emptyKube: KubeForm = { name: '', kubeconfig: '', namespace: '', registry: '', pvc: '' };

/** A Kubernetes cluster with Argo Workflows: "Run all" submits the pipeline there as a Workflow. */
function AddClusterForm({ onDone }: { onDone: () => void }) {
  return (
    <AddForm label="Add a Kubernetes cluster" initial={emptyKube} toSpec={kubeSpecOf} onDone={onDone}>
      {(field) => (
        <>
          <p className="engine-note">Runs there are Argo Workflows: the cluster needs Argo Workflows, the project on the volume claim, and the step images in the registry (Export to Argo… lists them).</p>
          {field('name', 'Name', 'team-cluster')}
          {field('kubeconfig', 'Kubeconfig file', '~/.kube/config')}
          {field('namespace', 'Namespace', "empty: the context's")}
          {field('registry', 'Registry', 'registry.example.org/team (empty: local image names)')}
          {field('pvc', 'Volume claim', 'orchest-userdir')}
        </>
      )}
    </AddForm>
  );
}

/** "gpu-box (remote)", "team-cluster (Kubernetes)". */
export const engineLabel = (e: Pick<EngineInfo, 'name' | 'remote' | 'kind'>): string => `${e.name}${isKubernetes(e) ? ' (Kubernetes)' : e.remote ? ' (remote)' : ''}`;

/**
 * The status bar's engine: the one the running (or last) run uses, else the one the project's next
 * run would use; a click opens the list to pick another (local, configured hosts, Docker contexts)
 * or add a remote host.
 */
export function EnginePicker({ placement = 'status' }: { placement?: 'status' | 'toolbar' }) {
  const list = useEngines((s) => s.list);
  const error = useEngines((s) => s.error);
  const { select } = useEngineActions();
  const run = useRuns((s) => s.run);
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState<'docker' | 'kubernetes' | null>(null);
  const running = run && (run.status === 'STARTED' || run.status === 'PENDING') ? run.engine : undefined;
  const shown = running ?? list?.active ?? null;
  const text = shown ? `${running ? 'Running on' : 'Engine:'} ${engineLabel(shown)}` : 'Engine: …';
  const where = isKubernetes(shown) ? '; "Run all" submits the pipeline there as an Argo Workflow' : shown?.remote ? '; the project is copied there before a run' : '';
  const title = shown ? `${shown.host} — ${SOURCE[shown.source]}${where}` : (error ?? list?.problem ?? '');
  const done = () => setAdding(null);
  return (
    <span className={`engine-picker is-${placement}`}>
      <button type="button" className={`${placement === 'status' ? 'status-item ' : ''}engine-button`} data-testid={`${placement === 'status' ? 'status' : 'run'}-engine-name`} title={title} aria-expanded={open} onClick={() => setOpen(!open)}>
        {text}
      </button>
      {open ? (
        <div className="engine-menu" role="dialog" aria-label="Run engine">
          {adding === 'docker' ? (
            <AddEngineForm onDone={done} />
          ) : adding === 'kubernetes' ? (
            <AddClusterForm onDone={done} />
          ) : (
            <>
              <ul>
                <li>
                  <button type="button" aria-pressed={!list?.projectEngine} onClick={() => void select(null).then(() => setOpen(false))}>
                    Default {list?.active && !list.projectEngine ? `(${list.active.name})` : ''}
                  </button>
                </li>
                {(list?.engines ?? []).map((e) => (
                  <li key={e.ref}>
                    <button type="button" aria-pressed={list?.projectEngine === e.ref} disabled={Boolean(e.problem)} title={e.problem ?? e.host} onClick={() => void select(e.ref).then(() => setOpen(false))}>
                      {e.name} <span className="engine-host">{e.host}</span>
                    </button>
                  </li>
                ))}
              </ul>
              {list?.active?.source === 'DOCKER_HOST' ? <p className="engine-note">DOCKER_HOST is set: runs use it whatever is chosen here.</p> : null}
              {error ? <p className="engine-error" role="alert">{error}</p> : null}
              <div className="engine-form-buttons">
                <button type="button" onClick={() => setAdding('docker')}>Add remote engine…</button>
                <button type="button" onClick={() => setAdding('kubernetes')}>Add Kubernetes cluster…</button>
              </div>
            </>
          )}
        </div>
      ) : null}
    </span>
  );
}
