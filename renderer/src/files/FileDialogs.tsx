import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useFileActions, useFiles } from './file-context.js';
import type { FileDialog } from './file-store.js';

const join = (parent: string, name: string) => (parent ? `${parent}/${name}` : name);

function PathForm({ title, label, initial, submit, hint }: { title: string; label: string; initial: string; submit: string; hint: string }) {
  const actions = useFileActions();
  const dialog = useFiles((s) => s.dialog)!;
  const busy = useFiles((s) => s.busy);
  const error = useFiles((s) => s.error);
  const [value, setValue] = useState(initial);
  const id = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const path = value.trim().replace(/\/+$/, '');
    if (!path) return;
    if (dialog.kind === 'move') void actions.move(dialog.path, path);
    else if (dialog.kind === 'new-folder') void actions.createFolder(path);
    else if (dialog.kind === 'new-file') void actions.createFile(path);
  };
  return (
    <form className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} onSubmit={onSubmit}>
      <h2 id={`${id}-title`}>{title}</h2>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} autoFocus spellCheck={false} onChange={(e) => setValue(e.target.value)} aria-describedby={`${id}-hint`} />
      <p id={`${id}-hint`} className={error ? 'field-error' : 'field-hint'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </p>
      <div className="form-buttons">
        <button type="submit" disabled={busy || !value.trim()}>
          {submit}
        </button>
        <button type="button" onClick={actions.cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteConfirm({ dialog }: { dialog: Extract<FileDialog, { kind: 'delete' }> }) {
  const actions = useFileActions();
  const busy = useFiles((s) => s.busy);
  const error = useFiles((s) => s.error);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="delete-title" aria-describedby="delete-text">
      <h2 id="delete-title">Delete {dialog.path}?</h2>
      <div id="delete-text">
        {dialog.steps.length ? (
          <>
            <p>
              {dialog.steps.length === 1 ? 'This step uses it' : 'These steps use it'}; {dialog.steps.length === 1 ? 'it keeps its file path and shows the file' : 'they keep their file paths and show the file'} as missing:
            </p>
            <ul className="delete-steps">
              {dialog.steps.map((s) => (
                <li key={`${s.pipeline}\u0000${s.uuid}`}>
                  {s.title || s.uuid} <span className="muted">({s.pipelineName}: {s.filePath})</span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>No step uses it.</p>
        )}
        <p>Deleting cannot be undone here.</p>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form-buttons">
        <button type="button" className="danger" disabled={busy} onClick={() => void actions.remove(dialog.path)}>
          Delete
        </button>
        <button type="button" ref={first} onClick={actions.cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** The file tree's dialogs: move/rename, delete (naming the steps that use the file), new file or folder. */
export function FileDialogs() {
  const dialog = useFiles((s) => s.dialog);
  const actions = useFileActions();
  useEffect(() => {
    if (!dialog) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && actions.cancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, actions]);
  if (!dialog) return null;
  const body =
    dialog.kind === 'delete' ? (
      <DeleteConfirm dialog={dialog} />
    ) : dialog.kind === 'move' ? (
      <PathForm title={`Rename or move ${dialog.path}`} label="New path" initial={dialog.path} submit="Move" hint="Relative to the project folder. Steps using it follow it." />
    ) : dialog.kind === 'new-folder' ? (
      <PathForm title="New folder" label="New folder path" initial={join(dialog.parent, '')} submit="Create folder" hint="Relative to the project folder." />
    ) : (
      <PathForm title="New file" label="New file path" initial={join(dialog.parent, '')} submit="Create file" hint="Relative to the project folder; .py, .ipynb, .R or .sh, created from a template." />
    );
  return <div className="dialog-backdrop">{body}</div>;
}
