import './variables.css';
import { useEffect, useId, useState } from 'react';
import type { VariableSet } from '../../../main/src/api/variables.js';
import { emptyRow, isDirty, rowProblems, rowsFromSet, rowsToInputs, type VariableRow } from './variable-rows.js';
import { useVariables, useVariablesActions } from './variables-context.js';
import { PROJECT_SCOPE, type ScopeKey } from './variables-store.js';

const EMPTY: VariableSet['variables'] = [];

/** Where the values are kept, so the user knows they are not in the project (and not in git). */
function StorageNote({ set }: { set: VariableSet }) {
  return (
    <p className="field-hint">
      Kept outside the project, so never in git: <code>{set.storage.file}</code>
      {set.storage.secretsEncrypted ? ' (secrets encrypted by the system keychain)' : ' (readable only by you)'}. Secrets show as *** in step logs.
    </p>
  );
}

function Row({
  row,
  problem,
  onChange,
  onRemove,
  onReveal,
  overrides,
}: {
  row: VariableRow;
  problem: string | undefined;
  onChange: (next: VariableRow) => void;
  onRemove: () => void;
  onReveal: () => void;
  overrides: boolean;
}) {
  const id = useId();
  const label = row.name || 'new variable';
  return (
    <li className="variable-row" data-testid="variable-row">
      <div className="variable-fields">
        <input
          className="variable-name"
          aria-label={`Name of ${label}`}
          value={row.name}
          placeholder="NAME"
          spellCheck={false}
          disabled={row.kept}
          title={row.kept ? 'Reveal the value or type a new one to rename this secret' : undefined}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => onChange({ ...row, name: e.target.value })}
        />
        <input
          className="variable-value"
          aria-label={`Value of ${label}`}
          type={row.secret && !row.shown ? 'password' : 'text'}
          autoComplete="off"
          spellCheck={false}
          value={row.value}
          placeholder={row.kept ? '•••••• kept (type to replace)' : 'value'}
          onChange={(e) => onChange({ ...row, value: e.target.value, kept: false })}
        />
        <label className="variable-secret">
          <input type="checkbox" checked={row.secret} disabled={row.kept} onChange={(e) => onChange({ ...row, secret: e.target.checked, shown: false })} />
          Secret
        </label>
        {row.secret ? (
          <button type="button" aria-label={`${row.shown ? 'Hide' : 'Reveal'} ${label}`} onClick={() => (row.shown ? onChange({ ...row, shown: false }) : onReveal())}>
            {row.shown ? 'Hide' : 'Reveal'}
          </button>
        ) : null}
        <button type="button" aria-label={`Remove ${label}`} onClick={onRemove}>
          ×
        </button>
      </div>
      {problem ? (
        <p id={`${id}-problem`} className="field-error">
          {problem}
        </p>
      ) : overrides ? (
        <p className="field-hint">Overrides the project&apos;s value.</p>
      ) : null}
    </li>
  );
}

/**
 * The variables of the project (`scope` ''), or of one pipeline (its path): a draft edited here,
 * saved on "Save variables" (they live outside the pipeline file, so not in its autosave).
 */
export function VariablesEditor({ scope, heading }: { scope: ScopeKey; heading: string }) {
  const actions = useVariablesActions();
  const state = useVariables((s) => s.scopes[scope]);
  // Read again when the store moves to another project (the provider's effect runs after ours).
  const root = useVariables((s) => s.root);
  const stored = state?.set ?? null;
  const [rows, setRows] = useState<VariableRow[]>([]);
  const [seen, setSeen] = useState<VariableSet | null>(null);
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const [busy, setBusy] = useState(false);
  const headingId = useId();

  useEffect(() => {
    setStatus(null);
    if (root !== null) void actions.load(scope);
  }, [actions, scope, root]);
  if (stored !== seen) {
    setSeen(stored);
    // Read again (after a save, or the project's variables changed): an unsaved draft stays.
    if (!isDirty(rows, seen)) setRows(stored ? rowsFromSet(stored) : []);
  }

  const problems = rowProblems(rows);
  const dirty = isDirty(rows, stored);
  const inherited = new Set((stored?.inherited ?? EMPTY).map((v) => v.name));
  const update = (key: string, next: VariableRow) => setRows((rs) => rs.map((r) => (r.key === key ? next : r)));

  const reveal = async (row: VariableRow) => {
    if (!row.kept) return update(row.key, { ...row, shown: true });
    const answer = await actions.reveal(scope, row.name);
    if (answer.ok) update(row.key, { ...row, value: answer.value, kept: false, shown: true });
    else setStatus({ text: answer.message, tone: 'error' });
  };

  const save = async () => {
    setBusy(true);
    const answer = await actions.save(scope, rowsToInputs(rows));
    setBusy(false);
    setStatus(answer.ok ? { text: 'Variables saved.', tone: 'info' } : { text: answer.message, tone: 'error' });
  };

  return (
    <section className="variables" aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {state?.error ? (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      ) : null}
      {scope !== PROJECT_SCOPE && inherited.size ? (
        <p className="field-hint">
          From the project: {[...inherited].join(', ')}. A pipeline variable of the same name wins.
        </p>
      ) : null}
      <ul className="variable-list" aria-label={heading}>
        {rows.map((row) => (
          <Row
            key={row.key}
            row={row}
            problem={problems[row.key]}
            overrides={inherited.has(row.name)}
            onChange={(next) => update(row.key, next)}
            onRemove={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
            onReveal={() => void reveal(row)}
          />
        ))}
      </ul>
      {!rows.length && stored ? <p className="field-hint">No variables yet.</p> : null}
      <div className="form-buttons">
        <button type="button" onClick={() => setRows((rs) => [...rs, emptyRow()])}>
          Add variable
        </button>
        <button type="button" disabled={busy || !dirty || Object.keys(problems).length > 0} onClick={() => void save()}>
          Save variables
        </button>
        {dirty ? (
          <button type="button" disabled={busy} onClick={() => setRows(stored ? rowsFromSet(stored) : [])}>
            Discard changes
          </button>
        ) : null}
      </div>
      {status ? (
        <p className={status.tone === 'error' ? 'field-error' : 'field-hint'} role={status.tone === 'error' ? 'alert' : 'status'}>
          {status.text}
        </p>
      ) : null}
      {stored ? <StorageNote set={stored} /> : null}
    </section>
  );
}
