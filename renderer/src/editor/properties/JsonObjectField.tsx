import { useId, useState } from 'react';
import { formatJson, parseJsonObject } from '../editing/json-object.js';

/**
 * A JSON object in a textarea. Valid text is committed as the user types; invalid text stays a
 * local draft with a message, and is never saved.
 */
export function JsonObjectField({
  label,
  value,
  onCommit,
  disabled,
}: {
  label: string;
  value: Record<string, unknown>;
  onCommit: (value: Record<string, unknown>) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(() => formatJson(value));
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    // Changed from elsewhere (undo, reload): show it, unless the draft already says the same.
    const draft = parseJsonObject(text);
    if (!draft.ok || JSON.stringify(draft.value) !== JSON.stringify(value)) {
      setText(formatJson(value));
      setError(null);
    }
  }
  const onChange = (next: string) => {
    setText(next);
    const parsed = parseJsonObject(next);
    if (parsed.ok) {
      setError(null);
      onCommit(parsed.value);
    } else {
      setError(parsed.message);
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="json-field"
        value={text}
        rows={Math.min(12, Math.max(3, text.split('\n').length))}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        spellCheck={false}
        disabled={disabled}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error} — not saved.
        </p>
      ) : null}
    </div>
  );
}
