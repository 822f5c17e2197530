import { useEffect, useId, useState, type FormEvent } from 'react';
import { useEnvironmentActions, useEnvironments } from './environment-context.js';

const toLines = (entries: string[]) => entries.join('\n');
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** config.package_index, where environments are built: the indexes pip uses in builds. */
export function PackageIndexSettings() {
  const actions = useEnvironmentActions();
  const saved = useEnvironments((s) => s.packageIndex);
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const id = useId();
  useEffect(() => {
    void actions.loadPackageIndex().then((o) => {
      if (!o.ok) setMessage({ text: `Could not read the config: ${o.message}`, error: true });
    });
  }, [actions]);
  const shown = text ?? toLines(saved ?? []);
  const dirty = text !== null && toLines(fromLines(text)) !== toLines(saved ?? []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const outcome = await actions.savePackageIndex(fromLines(shown));
    if (outcome.ok) {
      setText(null);
      setMessage({ text: outcome.value.length ? 'Saved: the next builds use these indexes.' : 'Saved: builds use pip’s default index (PyPI).', error: false });
    } else setMessage({ text: outcome.message, error: true });
  };

  return (
    <form className="package-index" aria-label="Package index" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>Package index for builds</label>
      <textarea
        id={id}
        rows={3}
        spellCheck={false}
        value={shown}
        disabled={saved === null}
        placeholder="https://pypi.example.org/simple&#10;/srv/wheels"
        onChange={(e) => {
          setText(e.target.value);
          setMessage(null);
        }}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="field-hint">
        One per line: a URL of a simple index, or a local folder holding a simple index or wheels. pip in environment builds uses them instead of
        PyPI; local folders are served read-only to a build only while it runs, and do not end up in the image.
      </p>
      <div className="form-buttons">
        <button type="submit" disabled={!dirty}>
          Save package index
        </button>
      </div>
      {message ? (
        <p className={message.error ? 'env-error' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
