import type { Pipeline, Problem } from '../../../../main/src/api/pipeline.js';

/** Where a problem is: step (by title when known), field, line:column. */
export function problemLocation(problem: Problem, pipeline: Pipeline | null): string {
  const parts: string[] = [];
  if (problem.stepId) {
    const title = pipeline?.steps[problem.stepId]?.title;
    parts.push(title ? `step “${title}” (${problem.stepId})` : `step ${problem.stepId}`);
  }
  if (problem.field) parts.push(`field ${problem.field}`);
  if (problem.line !== undefined) parts.push(`line ${problem.line}${problem.column !== undefined ? `:${problem.column}` : ''}`);
  return parts.join(' · ');
}
