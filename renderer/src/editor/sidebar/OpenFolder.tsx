import { useState, type FormEvent } from 'react';
import { useEditor, useEditorActions } from '../store/editor-context.js';

/** Id of the browser's path field: Ctrl+O focuses it. */
export const FOLDER_PATH_INPUT_ID = 'open-folder-path';

export function focusFolderPathField(): boolean {
  const input = document.getElementById(FOLDER_PATH_INPUT_ID);
  if (!(input instanceof HTMLInputElement)) return false;
  input.focus();
  input.select();
  return true;
}

/**
 * Electron shows the native folder dialog; a browser cannot read local paths from a dialog,
 * so it gets a path field (the core opens the path on the same machine).
 */
export function OpenFolder() {
  const actions = useEditorActions();
  const canPick = useEditor((s) => s.appInfo?.canPickFolder ?? false);
  const recent = useEditor((s) => s.config?.recent_projects ?? noRecent);
  const root = useEditor((s) => s.project?.root ?? null);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);

  const open = async (target: string) => {
    setBusy(true);
    try {
      if (await actions.openProject(target)) setPath('');
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void open(path.trim());
  };

  return (
    <section className="sidebar-section">
      <h2 id="project-heading">Project</h2>
      {root ? (
        <p className="project-root" title={root}>
          {root}
        </p>
      ) : null}
      <button type="button" onClick={() => (canPick ? void actions.pickProject() : focusFolderPathField())} title="Open Folder (Ctrl+O)">
        Open Folder
      </button>
      {canPick ? null : (
        <form className="open-folder-form" onSubmit={onSubmit}>
          <label htmlFor={FOLDER_PATH_INPUT_ID}>Folder path</label>
          <div className="inline-field">
            <input
              id={FOLDER_PATH_INPUT_ID}
              type="text"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/home/me/my-project"
              spellCheck={false}
            />
            <button type="submit" disabled={busy || !path.trim()}>
              Open
            </button>
          </div>
        </form>
      )}
      {recent.length ? (
        <>
          <h3>Recent</h3>
          <ul className="recent-projects" aria-label="Recent projects">
            {recent.map((p) => (
              <li key={p}>
                <button type="button" className="link-button" title={p} onClick={() => void open(p)} aria-current={p === root ? 'true' : undefined}>
                  {p}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

const noRecent: string[] = [];
