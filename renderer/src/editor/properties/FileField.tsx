import { useId, useMemo, useState, type FormEvent } from 'react';
import type { Step } from '../../../../main/src/api/pipeline.js';
import { kernelForFile, STEP_FILE_TYPES, stepFileType } from '../../../../main/src/common/step-file-types.js';
import { projectPathFor, stepPathFor, templateForName, titleForFile } from '../editing/file-paths.js';
import type { StepPatch } from '../editing/pipeline-edits.js';
import { useEditor, useEditorActions } from '../store/editor-context.js';
import { selectStepFiles } from '../store/selectors.js';

const NEW_FILE = '\u0000new';
const TEMPLATE_EXTENSIONS = STEP_FILE_TYPES.filter((t) => t.template).map((t) => t.ext);

/** What else changes with the file: the kernel for notebooks/scripts, a title that was the old file's. */
function patchForFile(step: Step, filePath: string): StepPatch {
  const patch: StepPatch = { file_path: filePath };
  if (stepFileType(filePath)?.kernel) patch.kernel = { ...step.kernel, ...kernelForFile(filePath) };
  // A title the user did not choose (empty, "Step 2", the old file's name) follows the file.
  const defaultTitle = !step.title || (!step.file_path && /^Step( \d+)?$/.test(step.title)) || (step.file_path !== '' && step.title === titleForFile(step.file_path));
  if (defaultTitle && filePath) patch.title = titleForFile(filePath);
  return patch;
}

function suggestedName(step: Step): string {
  const slug = step.title.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${slug || 'step'}.py`;
}

function NewFileForm({ step, dir, onDone }: { step: Step; dir: string; onDone: () => void }) {
  const actions = useEditorActions();
  const id = useId();
  const [name, setName] = useState(() => suggestedName(step));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const template = templateForName(name.trim());
    if (!template) {
      setError(`Use a name ending in ${TEMPLATE_EXTENSIONS.slice(0, -1).join(', ')} or ${TEMPLATE_EXTENSIONS.at(-1)}`);
      return;
    }
    setBusy(true);
    const created = await actions.createFile(projectPathFor(dir, name.trim()), template);
    setBusy(false);
    if (created) {
      actions.updateStep(step.uuid, patchForFile(step, stepPathFor(dir, created)));
      onDone();
    }
  };
  return (
    <form className="new-file-form" onSubmit={(e) => void onSubmit(e)} aria-label="New file">
      <label htmlFor={id}>New file name</label>
      <input
        id={id}
        type="text"
        value={name}
        autoFocus
        onChange={(e) => {
          setName(e.target.value);
          setError(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        spellCheck={false}
      />
      <p id={`${id}-hint`} className={error ? 'field-error' : 'field-hint'}>
        {error ?? `Relative to the pipeline folder; created from a template (${TEMPLATE_EXTENSIONS.join(', ')}).`}
      </p>
      <div className="form-buttons">
        <button type="submit" disabled={busy || !name.trim()}>
          Create file
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The step's file: any runnable file of the project, or a new one from a template. */
export function FileField({ step, dir }: { step: Step; dir: string }) {
  const actions = useEditorActions();
  const files = useEditor(selectStepFiles);
  const id = useId();
  const [creating, setCreating] = useState(false);
  const options = useMemo(() => files.map((f) => stepPathFor(dir, f)).sort((a, b) => a.localeCompare(b)), [files, dir]);
  const missing = step.file_path !== '' && !options.includes(step.file_path);

  return (
    <div className="field">
      <label htmlFor={id}>File</label>
      <div className="inline-field">
        <select
          id={id}
          value={step.file_path}
          onChange={(e) => {
            if (e.target.value === NEW_FILE) setCreating(true);
            else actions.updateStep(step.uuid, patchForFile(step, e.target.value));
          }}
        >
          <option value="">— no file —</option>
          {missing ? <option value={step.file_path}>{step.file_path} (not found)</option> : null}
          {options.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
          <option value={NEW_FILE}>New file…</option>
        </select>
        {step.file_path ? (
          <button type="button" onClick={() => void actions.openInEditor(projectPathFor(dir, step.file_path))} title="Open the file in your editor">
            Edit file
          </button>
        ) : null}
      </div>
      {creating ? <NewFileForm step={step} dir={dir} onDone={() => setCreating(false)} /> : null}
    </div>
  );
}
