import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { baseName } from '../editing/file-paths.js';
import { StepRunBadge } from '../../runs/StepRunBadge.js';
import type { StepNodeType } from './flow-mapping.js';

/** A step on the canvas: title, file, run status badge; input on the left, output on the right. */
function StepNodeView({ id, data, selected }: NodeProps<StepNodeType>) {
  const { step } = data;
  const title = step.title || 'Untitled step';
  return (
    <div className={selected ? 'step-node is-selected' : 'step-node'}>
      <Handle type="target" position={Position.Left} className="step-handle" data-testid="step-input" aria-label={`Input of ${title}`} />
      <div className="step-node-header">
        <span className="step-title">{title}</span>
        <StepRunBadge stepId={id} />
      </div>
      <div className={step.file_path ? 'step-file' : 'step-file is-missing'} title={step.file_path}>
        {step.file_path ? baseName(step.file_path) : 'No file'}
      </div>
      <Handle type="source" position={Position.Right} className="step-handle" data-testid="step-output" aria-label={`Output of ${title}`} />
    </div>
  );
}

export const StepNode = memo(StepNodeView);
