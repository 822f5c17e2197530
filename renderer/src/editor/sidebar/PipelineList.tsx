import { useState, type FormEvent } from 'react';
import { useEditor, useEditorActions } from '../store/editor-context.js';
import { selectDocPath } from '../store/selectors.js';

function NewPipelineForm({ onDone }: { onDone: () => void }) {
  const actions = useEditorActions();
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const ok = await actions.createPipeline(folder.trim(), name.trim());
    setBusy(false);
    if (ok) onDone();
  };
  return (
    <form className="new-pipeline-form" onSubmit={(e) => void onSubmit(e)} aria-label="New pipeline">
      <label htmlFor="new-pipeline-folder">Pipeline folder</label>
      <input id="new-pipeline-folder" type="text" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="my-pipeline" autoFocus spellCheck={false} />
      <label htmlFor="new-pipeline-name">Pipeline name</label>
      <input id="new-pipeline-name" type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="My pipeline" />
      <div className="form-buttons">
        <button type="submit" disabled={busy || !folder.trim() || !name.trim()}>
          Create
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function PipelineList() {
  const actions = useEditorActions();
  const pipelines = useEditor((s) => s.project?.pipelines ?? null);
  const openPath = useEditor(selectDocPath);
  const [creating, setCreating] = useState(false);
  if (!pipelines) return null;
  return (
    <section className="sidebar-section">
      <div className="section-header">
        <h2 id="pipelines-heading">Pipelines</h2>
        <button type="button" onClick={() => setCreating(true)} disabled={creating}>
          New pipeline
        </button>
      </div>
      {creating ? <NewPipelineForm onDone={() => setCreating(false)} /> : null}
      {pipelines.length === 0 ? <p className="muted">No pipelines in this folder yet.</p> : null}
      <ul className="pipeline-list" aria-label="Pipelines">
        {pipelines.map((p) => (
          <li key={p.path}>
            <button
              type="button"
              className="pipeline-item"
              aria-current={p.path === openPath ? 'true' : undefined}
              onClick={() => void actions.openPipeline(p.path)}
              title={p.path}
            >
              <span className="pipeline-name">{p.name || p.path}</span>
              <span className="pipeline-path">{p.path}</span>
              {p.errorCount > 0 ? <span className="badge badge-error">{p.errorCount === 1 ? '1 problem' : `${p.errorCount} problems`}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
