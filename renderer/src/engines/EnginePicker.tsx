import './engines.css';
import { useState, type FormEvent } from 'react';
import type { ActiveEngine } from '../../../main/src/api/engines.js';
import { useRuns } from '../runs/run-context.js';
import { engineSpecOf, type EngineForm } from './engine-store.js';
import { useEngineActions, useEngines } from './engine-context.js';

const SOURCE: Record<ActiveEngine['source'], string> = {
  run: 'chosen for this run',
  DOCKER_HOST: 'DOCKER_HOST is set in the environment; it wins over the choice here',
  project: "this project's choice",
  config: 'default_engine in the config',
  'docker-context': 'the current Docker context (docker context use)',
  default: 'the local engine',
};

const emptyForm: EngineForm = { name: '', host: '', identityFile: '', ca: '', cert: '', key: '' };

function AddEngineForm({ onDone }: { onDone: () => void }) {
  const { add } = useEngineActions();
  const [form, setForm] = useState(emptyForm);
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof EngineForm, label: string, placeholder = '') => (
    <label className="engine-field">
      <span>{label}</span>
      <input value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} aria-label={label} />
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const spec = engineSpecOf(form);
    if (!spec.ok) return setError(spec.message);
    const done = await add(form.name.trim(), spec.spec);
    if (done.ok) onDone();
    else setError(done.message);
  };
  const ssh = form.host.trim().startsWith('ssh://');
  return (
    <form className="engine-form" onSubmit={(e) => void submit(e)} aria-label="Add a remote engine">
      {field('name', 'Name', 'gpu-box')}
      {field('host', 'Address', 'ssh://me@gpu-box or tcp://10.0.0.2:2376')}
      {ssh ? field('identityFile', 'SSH key file', '~/.ssh/id_ed25519 (empty: the SSH agent)') : null}
      {!ssh ? field('ca', 'TLS CA file', 'ca.pem (empty: no TLS)') : null}
      {!ssh ? field('cert', 'TLS certificate file', 'cert.pem') : null}
      {!ssh ? field('key', 'TLS key file', 'key.pem') : null}
      {error ? <p className="engine-error" role="alert">{error}</p> : null}
      <div className="engine-form-buttons">
        <button type="button" onClick={onDone}>Cancel</button>
        <button type="submit">Add and use</button>
      </div>
    </form>
  );
}

/**
 * The status bar's engine: the one the running (or last) run uses, else the one the project's next
 * run would use; a click opens the list to pick another (local, configured hosts, Docker contexts)
 * or add a remote host.
 */
export function EnginePicker() {
  const list = useEngines((s) => s.list);
  const error = useEngines((s) => s.error);
  const { select } = useEngineActions();
  const run = useRuns((s) => s.run);
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const running = run && (run.status === 'STARTED' || run.status === 'PENDING') ? run.engine : undefined;
  const shown = running ?? list?.active ?? null;
  const text = shown ? `${running ? 'Running on' : 'Engine:'} ${shown.name}${shown.remote ? ' (remote)' : ''}` : 'Engine: …';
  const title = shown ? `${shown.host} — ${SOURCE[shown.source]}${shown.remote ? '; the project is copied there before a run' : ''}` : (error ?? list?.problem ?? '');
  return (
    <span className="engine-picker">
      <button type="button" className="status-item engine-button" data-testid="status-engine-name" title={title} aria-expanded={open} onClick={() => setOpen(!open)}>
        {text}
      </button>
      {open ? (
        <div className="engine-menu" role="dialog" aria-label="Docker engine">
          {adding ? (
            <AddEngineForm onDone={() => setAdding(false)} />
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
              <button type="button" onClick={() => setAdding(true)}>Add remote engine…</button>
            </>
          )}
        </div>
      ) : null}
    </span>
  );
}
