import { useId, useState } from 'react';
import type { Step, StepResources } from '../../../../main/src/api/pipeline.js';
import { cpusProblem, formatBytes, memoryProblem, parseMemory } from '../../../../main/src/common/step-limits.js';

type Key = 'cpus' | 'memory';

/** The step's `resources` with one limit set (or removed when empty); unknown fields stay. */
function withLimit(resources: StepResources | undefined, key: Key, value: number | string | undefined): StepResources | undefined {
  const next: Record<string, unknown> = { ...resources };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return Object.keys(next).length ? (next as StepResources) : undefined;
}

/** One limit: a local draft, committed when empty (no limit) or valid; otherwise a message and nothing saved. */
function LimitField({
  label,
  value,
  placeholder,
  check,
  describe,
  onCommit,
}: {
  label: string;
  value: string;
  placeholder: string;
  check: (text: string) => string | null;
  describe: (text: string) => string;
  onCommit: (text: string) => void;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  const problem = text.trim() ? check(text.trim()) : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setText(e.target.value);
          const t = e.target.value.trim();
          if (!t || !check(t)) onCommit(t);
        }}
      />
      <p id={`${id}-hint`} className={problem ? 'field-error' : 'field-hint'}>
        {problem ? `${problem} Not saved.` : describe(text.trim())}
      </p>
    </div>
  );
}

const cpusCheck = (t: string) => (/^\d*\.?\d+$/.test(t) ? cpusProblem(Number(t)) : `"${t}" is not a number of CPUs, e.g. 0.5 or 2.`);

/** CPU and memory limits of the step's container (Docker runner; the local runner cannot enforce them). */
export function StepLimitsFields({ step, onChange }: { step: Step; onChange: (resources: StepResources | undefined) => void }) {
  const res = step.resources;
  return (
    <fieldset className="field step-limits">
      <legend>Limits</legend>
      <LimitField
        label="CPUs"
        value={res?.cpus !== undefined ? String(res.cpus) : ''}
        placeholder="no limit"
        check={cpusCheck}
        describe={(t) => (t ? `At most ${t} CPU${t === '1' ? '' : 's'} of the machine.` : 'No limit. E.g. 0.5 or 2.')}
        onCommit={(t) => onChange(withLimit(res, 'cpus', t ? Number(t) : undefined))}
      />
      <LimitField
        label="Memory"
        value={res?.memory !== undefined ? String(res.memory) : ''}
        placeholder="no limit"
        check={memoryProblem}
        describe={(t) => (t ? `At most ${formatBytes(parseMemory(t)!)}; more and the step is stopped.` : 'No limit. E.g. 512m or 2g.')}
        onCommit={(t) => onChange(withLimit(res, 'memory', t || undefined))}
      />
      <p className="field-hint">Enforced by the Docker runner; the local runner cannot.</p>
    </fieldset>
  );
}
