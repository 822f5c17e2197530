import type { NodeTypes } from '@xyflow/react';
import { StepNode } from './StepNode.js';

/** Defined once at module scope: React Flow remounts every node if this object changes. */
export const nodeTypes: NodeTypes = { step: StepNode };
