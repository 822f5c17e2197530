import { useId, useState } from 'react';
import type { Pipeline } from '../../../../main/src/api/pipeline.js';
import { useHasVariables } from '../../variables/variables-context.js';
import { VariablesEditor } from '../../variables/VariablesEditor.js';
import { useEditorActions } from '../store/editor-context.js';
import { JsonObjectField } from './JsonObjectField.js';
import { TextField } from './TextField.js';

/** A whole non-negative number; the draft stays local while it is not one. */
function ParallelismField({ value, onCommit }: { value: number; onCommit: (n: number) => void }) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (Number(text) !== value) setText(String(value));
  }
  const valid = /^\d+$/.test(text.trim());
  return (
    <div className="field">
      <label htmlFor={id}>Max steps parallelism</label>
      <input
        id={id}
        type="number"
        min={0}
        step={1}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (/^\d+$/.test(e.target.value.trim())) onCommit(Number(e.target.value));
        }}
        aria-invalid={valid ? undefined : true}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className={valid ? 'field-hint' : 'field-error'}>
        {valid ? 'Steps run at the same time; 0 = the app default.' : 'Enter a whole number, 0 or more — not saved.'}
      </p>
    </div>
  );
}

export function PipelineProperties({ pipeline, path }: { pipeline: Pipeline; path: string }) {
  const actions = useEditorActions();
  const hasVariables = useHasVariables();
  return (
    <div className="properties-body">
      <h2>Pipeline</h2>
      <TextField label="Name" value={pipeline.name} onChange={actions.setPipelineName} />
      <JsonObjectField label="Parameters" value={pipeline.parameters} onCommit={actions.setPipelineParameters} />
      <ParallelismField
        value={pipeline.settings.max_steps_parallelism ?? 0}
        onCommit={(n) => actions.setPipelineSettings({ max_steps_parallelism: n })}
      />
      {hasVariables ? <VariablesEditor scope={path} heading="Environment variables" /> : null}
      <p className="field-hint">
        {path}
        <br />
        {Object.keys(pipeline.steps).length} steps · id {pipeline.uuid}
      </p>
    </div>
  );
}
