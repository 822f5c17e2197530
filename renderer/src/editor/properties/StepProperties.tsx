import { useId } from 'react';
import type { Pipeline, Step } from '../../../../main/src/api/pipeline.js';
import { EnvironmentField } from '../../environments/EnvironmentField.js';
import { OpenInJupyterButton } from '../../jupyter/OpenInJupyterButton.js';
import { ShowOutputsButton } from '../../outputs/ShowOutputsButton.js';
import { useEditor, useEditorActions } from '../store/editor-context.js';
import { FileField } from './FileField.js';
import { IncomingConnections } from './IncomingConnections.js';
import { JsonObjectField } from './JsonObjectField.js';
import { StepLimitsFields } from './StepLimitsFields.js';
import { TextField } from './TextField.js';

const KERNELS = [
  { name: 'python', display_name: 'Python 3' },
  { name: 'r', display_name: 'R' },
];

/** Old files say `ir` for R. */
function kernelValue(step: Step): string {
  const name = step.kernel?.name ?? 'python';
  return name === 'ir' ? 'r' : name;
}

export function StepProperties({ step, pipeline, dir }: { step: Step; pipeline: Pipeline; dir: string }) {
  const actions = useEditorActions();
  const pipelinePath = useEditor((s) => s.doc?.path ?? '');
  const kernelId = useId();
  const id = step.uuid;
  const kernel = kernelValue(step);
  const kernels = KERNELS.some((k) => k.name === kernel) ? KERNELS : [...KERNELS, { name: kernel, display_name: step.kernel?.display_name ?? kernel }];

  return (
    <div className="properties-body">
      <h2>Step</h2>
      <TextField label="Title" value={step.title} onChange={(title) => actions.updateStep(id, { title }, true)} />
      <FileField step={step} dir={dir} />
      <ShowOutputsButton stepId={id} />
      {step.file_path.endsWith('.ipynb') && pipelinePath ? (
        <div className="field">
          <OpenInJupyterButton request={{ pipeline: pipelinePath, stepId: id }} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={kernelId}>Kernel</label>
        <select
          id={kernelId}
          value={kernel}
          onChange={(e) => {
            const chosen = kernels.find((k) => k.name === e.target.value);
            if (chosen) actions.updateStep(id, { kernel: { ...step.kernel, ...chosen } });
          }}
        >
          {kernels.map((k) => (
            <option key={k.name} value={k.name}>
              {k.display_name}
            </option>
          ))}
        </select>
      </div>
      <EnvironmentField value={step.environment} onChange={(environment) => actions.updateStep(id, { environment })} />
      {step.image !== undefined ? (
        <TextField
          label="Image"
          value={step.image}
          hint="Old pipeline files name a Docker image instead of an environment."
          onChange={(v) => actions.updateStep(id, { image: v }, true)}
        />
      ) : null}
      <JsonObjectField label="Parameters" value={step.parameters} onCommit={(parameters) => actions.updateStep(id, { parameters }, true)} />
      <StepLimitsFields step={step} onChange={(resources) => actions.updateStep(id, { resources }, true)} />
      <IncomingConnections step={step} pipeline={pipeline} />
      <p className="field-hint step-id">id {step.uuid}</p>
    </div>
  );
}
