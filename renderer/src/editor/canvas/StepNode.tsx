import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Braces, FileCode2, FileQuestion, NotebookText, Sigma, SquareTerminal, type LucideIcon } from 'lucide-react';
import { memo } from 'react';
import { StepRunBadge } from '../../runs/StepRunBadge.js';
import { baseName } from '../editing/file-paths.js';
import { useEditor } from '../store/editor-context.js';
import { selectFileMissing } from '../store/selectors.js';
import type { StepNodeType } from './flow-mapping.js';
import { stepFileType, type StepFileKind } from '../../../../main/src/common/step-file-types.js';

const KIND_ICONS: Record<StepFileKind, LucideIcon> = {
  notebook: NotebookText,
  python: FileCode2,
  r: Sigma,
  shell: SquareTerminal,
  julia: FileCode2,
  javascript: Braces,
};

/**
 * A step on the canvas: its title (whole, on up to two lines), the kind and name of its file, and
 * its run state below; input on the left, output on the right.
 */
function StepNodeView({ id, data, selected }: NodeProps<StepNodeType>) {
  const { step } = data;
  const title = step.title || 'Untitled step';
  const type = step.file_path ? stepFileType(step.file_path) : null;
  const Icon = type ? KIND_ICONS[type.kind] : FileQuestion;
  const missing = useEditor((s) => selectFileMissing(s, step.file_path));
  return (
    <div className={selected ? 'step-node is-selected' : 'step-node'} data-kind={type?.kind ?? 'unknown'}>
      <Handle type="target" position={Position.Left} className="step-handle" data-testid="step-input" aria-label={`Input of ${title}`} />
      <div className="step-node-header">
        <span className="step-kind-icon" aria-hidden="true">
          <Icon size={16} strokeWidth={1.75} />
        </span>
        <span className="step-title" title={title}>
          {title}
        </span>
      </div>
      <div className={step.file_path && !missing ? 'step-file' : 'step-file is-missing'} title={missing ? `${step.file_path} does not exist` : step.file_path}>
        {step.file_path ? (
          <>
            <span className="step-kind">{missing ? 'Missing' : (type?.label ?? 'Not runnable')}</span>
            <span className="step-file-name">{baseName(step.file_path)}</span>
          </>
        ) : (
          'No file'
        )}
      </div>
      <StepRunBadge stepId={id} />
      <Handle type="source" position={Position.Right} className="step-handle" data-testid="step-output" aria-label={`Output of ${title}`} />
    </div>
  );
}

export const StepNode = memo(StepNodeView);
