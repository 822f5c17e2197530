import { useId, useState, type FormEvent } from 'react';
import type { EnvironmentInfo } from '../../../main/src/api/environments.js';
import { isBuildActive } from '../../../main/src/common/statuses.js';
import { draftFromInfo, hasErrors, LANGUAGES, newDraft, sameDraft, validateDraft, withLanguage, type EnvDraft } from './env-form.js';
import { useEnvironmentActions, useEnvironments } from './environment-context.js';
import { selectDefaultEnvironment, shownStatus } from './environment-store.js';
import { BuildPanel } from './BuildPanel.js';
import { SetupScriptEditor } from './SetupScriptEditor.js';

type Busy = 'save' | 'duplicate' | 'delete' | 'default' | null;

/** Create or edit one environment, build it and watch the build. `info` absent: a new one. */
export function EnvironmentEditor({ info }: { info?: EnvironmentInfo }) {
  const actions = useEnvironmentActions();
  const defaultEnv = useEnvironments(selectDefaultEnvironment);
  const uuid = info?.uuid;
  const view = useEnvironments((s) => (uuid ? s.builds[uuid] : undefined));
  const ids = useId();

  const [base, setBase] = useState<EnvDraft>(() => (info ? draftFromInfo(info) : newDraft(defaultEnv)));
  const [draft, setDraft] = useState<EnvDraft>(base);
  // Saved elsewhere (another window, the files): take it, unless the user is editing.
  const saved = info ? draftFromInfo(info) : null;
  if (saved && !sameDraft(saved, base)) {
    if (sameDraft(draft, base)) setDraft(saved);
    setBase(saved);
  }

  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  const errors = validateDraft(draft);
  const shownErrors = attempted ? errors : {};
  const dirty = !info || !sameDraft(draft, base);
  const building = isBuildActive(shownStatus(info, view));
  const edit = (patch: Partial<EnvDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const run = async <T,>(what: Busy, work: () => Promise<{ ok: true; value: T } | { ok: false; message: string }>): Promise<T | null> => {
    setBusy(what);
    setError(null);
    try {
      const outcome = await work();
      if (!outcome.ok) {
        setError(outcome.message);
        return null;
      }
      return outcome.value;
    } finally {
      setBusy(null);
    }
  };

  const save = async (): Promise<EnvironmentInfo | null> => {
    setAttempted(true);
    if (hasErrors(errors)) return null;
    const result = await run('save', () => actions.save(draft));
    if (result) {
      const next = draftFromInfo(result);
      setBase(next);
      setDraft(next);
      setAttempted(false);
    }
    return result;
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save();
  };

  /** Builds what the form shows: unsaved edits are saved first. */
  const build = async () => {
    const target = dirty ? await save() : info;
    if (target) void actions.build(target.uuid);
  };

  const nameId = `${ids}-name`;
  const imageId = `${ids}-image`;
  const languageId = `${ids}-language`;
  const gpuId = `${ids}-gpu`;
  const scriptId = `${ids}-script`;
  const languages = LANGUAGES.some((l) => l.value === draft.language) ? LANGUAGES : [...LANGUAGES, { value: draft.language, label: draft.language }];
  const title = info ? info.name : 'New environment';

  return (
    <div className="env-editor">
      <form className="env-form" aria-label="Environment" onSubmit={onSubmit} noValidate>
        <div className="env-form-header">
          <h2 className="env-title">{title}</h2>
          {info?.isDefault ? <span className="badge badge-default">Default</span> : null}
          {dirty && info ? <span className="muted env-unsaved">Unsaved changes</span> : null}
        </div>

        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            type="text"
            value={draft.name}
            onChange={(e) => edit({ name: e.target.value })}
            aria-invalid={shownErrors.name ? true : undefined}
            aria-describedby={shownErrors.name ? `${nameId}-error` : undefined}
            placeholder="e.g. Python with pandas"
            autoFocus={!info}
          />
          {shownErrors.name ? (
            <p id={`${nameId}-error`} className="field-error">
              {shownErrors.name}
            </p>
          ) : null}
        </div>

        <div className="field">
          <label htmlFor={imageId}>Base image</label>
          <input
            id={imageId}
            type="text"
            value={draft.base_image}
            onChange={(e) => edit({ base_image: e.target.value })}
            aria-invalid={shownErrors.base_image ? true : undefined}
            aria-describedby={`${imageId}-hint`}
            spellCheck={false}
          />
          {shownErrors.base_image ? <p className="field-error">{shownErrors.base_image}</p> : null}
          <p id={`${imageId}-hint`} className="field-hint">
            A local Docker image, or one to pull. image_aliases in the config can map a name to a local image.
          </p>
        </div>

        <div className="env-form-row">
          <div className="field">
            <label htmlFor={languageId}>Language</label>
            <select id={languageId} value={draft.language} onChange={(e) => setDraft((d) => withLanguage(d, e.target.value))}>
              {languages.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-checkbox">
            <input id={gpuId} type="checkbox" checked={draft.gpu_support} onChange={(e) => edit({ gpu_support: e.target.checked })} />
            <label htmlFor={gpuId}>GPU support</label>
          </div>
        </div>

        <div className="field">
          <label htmlFor={scriptId}>Setup script</label>
          <SetupScriptEditor id={scriptId} value={draft.setup_script} onChange={(setup_script) => edit({ setup_script })} describedBy={`${scriptId}-hint`} />
          <p id={`${scriptId}-hint`} className="field-hint">
            Runs with bash on top of the base image when the environment is built (pip install, apt-get install, …).
          </p>
        </div>

        {error ? (
          <p className="env-error" role="alert">
            {error}
          </p>
        ) : null}

        <div className="form-buttons env-buttons">
          <button type="submit" disabled={busy !== null || (!dirty && !!info)}>
            Save
          </button>
          <button type="button" onClick={() => void build()} disabled={busy !== null || building} title={dirty ? 'Save, then build' : undefined}>
            Build
          </button>
          <button type="button" onClick={() => uuid && void actions.cancelBuild(uuid)} disabled={!building}>
            Cancel build
          </button>
          <button type="button" onClick={() => uuid && void run('duplicate', () => actions.duplicate(uuid))} disabled={!info || busy !== null}>
            Duplicate
          </button>
          <button type="button" onClick={() => uuid && void run('default', () => actions.setDefault(uuid))} disabled={!info || info.isDefault === true || busy !== null}>
            Set as default
          </button>
          <button type="button" className="danger" onClick={() => setConfirmingDelete(true)} disabled={!info || busy !== null || confirmingDelete}>
            Delete
          </button>
        </div>

        {confirmingDelete && info ? (
          <div className="env-confirm" role="alertdialog" aria-label={`Delete environment “${info.name}”?`} aria-describedby={`${ids}-confirm`}>
            <p id={`${ids}-confirm`}>
              Delete environment “{info.name}”? Its folder (.orchest/environments/{info.uuid}) and its images go too.
            </p>
            <div className="form-buttons">
              <button
                type="button"
                className="danger"
                autoFocus
                onClick={() => {
                  setConfirmingDelete(false);
                  void run('delete', () => actions.remove(info.uuid));
                }}
              >
                Yes, delete
              </button>
              <button type="button" onClick={() => setConfirmingDelete(false)}>
                Keep it
              </button>
            </div>
          </div>
        ) : null}
      </form>
      {info ? <BuildPanel info={info} /> : <p className="muted env-build-hint">Save the environment to build it (Build saves it first).</p>}
    </div>
  );
}
