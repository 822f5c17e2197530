import { useEffect, useRef, useState } from 'react';
import { useEditor } from '../editor/store/editor-context.js';
import { useHasVariables } from './variables-context.js';
import { VariablesEditor } from './VariablesEditor.js';
import { PROJECT_SCOPE } from './variables-store.js';

function SettingsDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="dialog project-settings-dialog" role="dialog" aria-modal="true" aria-labelledby="project-settings-title">
        <h2 id="project-settings-title">Project settings — {name}</h2>
        <p className="field-hint">Environment variables of every step of every pipeline in this project. A pipeline&apos;s own variables (its panel) win over these; `orchest run --env` wins over both.</p>
        <VariablesEditor scope={PROJECT_SCOPE} heading="Environment variables" />
        <div className="form-buttons">
          <button type="button" ref={close} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

/** "Project settings" in the sidebar, and the dialog it opens. */
export function ProjectSettings() {
  const has = useHasVariables();
  const name = useEditor((s) => s.project?.name ?? null);
  const [open, setOpen] = useState(false);
  if (!has || name === null) return null;
  return (
    <>
      <button type="button" className="project-settings-button" onClick={() => setOpen(true)}>
        Project settings
      </button>
      {open ? <SettingsDialog name={name} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
