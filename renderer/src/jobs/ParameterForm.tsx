import { useId, useState } from 'react';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { gridAxes } from '../../../main/src/common/parameter-grid.js';
import { parseGrid, scopeLabel, type Grid } from './parameter-grid.js';
import { fieldKind, formatValue, nextValue, parseValue, type FieldKind } from './parameter-values.js';

/**
 * A draft input for one value: valid text is committed as the user types; invalid text stays
 * here with a message and is never committed. A change from outside (JSON mode) replaces it.
 */
function ValueInput({ kind, value, label, onCommit }: { kind: FieldKind; value: unknown; label: string; onCommit: (value: unknown) => void }) {
  const id = useId();
  const [text, setText] = useState(() => formatValue(kind, value));
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    const draft = parseValue(kind, text, value);
    if (!draft.ok || JSON.stringify(draft.value) !== JSON.stringify(value)) {
      setText(formatValue(kind, value));
      setError(null);
    }
  }
  const onChange = (next: string) => {
    setText(next);
    const parsed = parseValue(kind, next, value);
    setError(parsed.ok ? null : parsed.message);
    if (parsed.ok) onCommit(parsed.value);
  };
  return (
    <span className="param-value">
      <input
        id={id}
        type="text"
        inputMode={kind === 'number' ? 'decimal' : undefined}
        className={kind === 'json' ? 'param-json' : undefined}
        aria-label={label}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        spellCheck={false}
      />
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}

const kindLabel: Record<FieldKind, string> = { number: 'number', text: 'text', boolean: 'true/false', list: 'list', json: 'JSON' };

function ParameterValues({ name, values, onChange }: { name: string; values: readonly unknown[]; onChange: (values: unknown[]) => void }) {
  const kind = fieldKind(values);
  if (kind === 'boolean') {
    // Which of the two to sweep; at least one stays.
    const toggle = (b: boolean) => onChange(values.includes(b) ? values.filter((v) => v !== b) : [...values, b]);
    return (
      <span className="param-values">
        {[true, false].map((b) => (
          <label key={String(b)} className="param-check">
            <input type="checkbox" checked={values.includes(b)} disabled={values.length === 1 && values.includes(b)} onChange={() => toggle(b)} aria-label={`${name}: ${b}`} />
            {String(b)}
          </label>
        ))}
      </span>
    );
  }
  const replace = (i: number, value: unknown) => onChange(values.map((v, j) => (j === i ? value : v)));
  return (
    <span className="param-values">
      {values.map((value, i) => (
        <span key={i} className="param-entry">
          <ValueInput kind={kind} value={value} label={`${name} value ${i + 1}`} onCommit={(v) => replace(i, v)} />
          <button type="button" className="param-remove" aria-label={`Remove ${name} value ${i + 1}`} title="Remove this value" disabled={values.length === 1} onClick={() => onChange(values.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      <button type="button" className="param-add" aria-label={`Add a value to ${name}`} title="Add a value to sweep" onClick={() => onChange([...values, nextValue(kind, values)])}>
        + value
      </button>
    </span>
  );
}

function GridFields({ grid, pipeline, onChange }: { grid: Grid; pipeline: Pipeline | null; onChange: (grid: Grid) => void }) {
  const axes = gridAxes(grid);
  if (axes.length === 0) {
    return <p className="muted">This pipeline has no parameters: the job runs it once. Give the pipeline or its steps parameters in their properties to sweep them.</p>;
  }
  const scopes = [...new Set(axes.map((a) => a.owner))];
  const set = (scope: string, name: string, values: unknown[]) => onChange({ ...grid, [scope]: { ...grid[scope], [name]: values } });
  return (
    <>
      {scopes.map((scope) => (
        <fieldset key={scope} className="param-scope">
          <legend>{scopeLabel(scope, pipeline)}</legend>
          {axes
            .filter((a) => a.owner === scope)
            .map(({ name, values }) => (
              <div key={name} className="param-row" role="group" aria-label={`${scopeLabel(scope, pipeline)} ${name}`}>
                <span className="param-name">
                  {name} <span className="param-kind">{kindLabel[fieldKind(values)]}</span>
                </span>
                <ParameterValues name={name} values={values} onChange={(v) => set(scope, name, v)} />
              </div>
            ))}
        </fieldset>
      ))}
    </>
  );
}

function GridJson({ grid, onChange }: { grid: Grid; onChange: (grid: Grid) => void }) {
  const id = useId();
  const [text, setText] = useState(() => JSON.stringify(grid, null, 2));
  const [error, setError] = useState<string | null>(null);
  const change = (next: string) => {
    setText(next);
    const parsed = parseGrid(next);
    setError(parsed.ok ? null : parsed.message);
    if (parsed.ok) onChange(parsed.value);
  };
  return (
    <div className="field">
      <label htmlFor={id}>Parameter grid (JSON)</label>
      <textarea id={id} className="json-field" rows={Math.min(16, Math.max(4, text.split('\n').length))} value={text} onChange={(e) => change(e.target.value)} aria-invalid={error ? true : undefined} spellCheck={false} />
      <p className={error ? 'field-error' : 'field-hint'}>{error ?? 'Orchest’s parameters.json format: every value is a list of the values to sweep.'}</p>
    </div>
  );
}

/** The job's parameter grid: a field per parameter typed from its values, or the raw JSON. */
export function ParameterForm({ grid, pipeline, onChange }: { grid: Grid; pipeline: Pipeline | null; onChange: (grid: Grid) => void }) {
  const [json, setJson] = useState(false);
  return (
    <section className="param-form" aria-label="Parameters">
      <div className="param-form-header">
        <h3>Parameters</h3>
        <div role="group" aria-label="Edit parameters as" className="segmented">
          <button type="button" aria-pressed={!json} onClick={() => setJson(false)}>
            Form
          </button>
          <button type="button" aria-pressed={json} onClick={() => setJson(true)}>
            JSON
          </button>
        </div>
      </div>
      {json ? <GridJson grid={grid} onChange={onChange} /> : <GridFields grid={grid} pipeline={pipeline} onChange={onChange} />}
    </section>
  );
}
