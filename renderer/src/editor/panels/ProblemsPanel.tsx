import { memo } from 'react';
import type { Problem } from '../../../../main/src/api/pipeline.js';
import { useEditor } from '../store/editor-context.js';
import { selectPipeline, selectProblems, selectReadOnly } from '../store/selectors.js';
import { problemLocation } from './problem-text.js';

// A file with thousands of problems should not freeze the editor; the first ones say enough.
const MAX_SHOWN = 200;

/** One row; memoized: a reload keeps unchanged problems' objects, so only changed rows redraw. */
const ProblemRow = memo(function ProblemRow({ problem, where }: { problem: Problem; where: string | null }) {
  return (
    <li className={`problem problem-${problem.severity}`}>
      <span className="problem-severity">{problem.severity === 'error' ? 'Error' : 'Warning'}</span>
      <span className="problem-message">{problem.message}</span>
      {where ? <span className="problem-location">{where}</span> : null}
    </li>
  );
});

/** Problems of the open pipeline file; an invalid file's problems are announced (role=alert). */
export function ProblemsPanel() {
  const problems = useEditor(selectProblems);
  const pipeline = useEditor(selectPipeline);
  const invalid = useEditor(selectReadOnly);
  const path = useEditor((s) => s.doc?.path ?? '');
  if (problems.length === 0) return null;
  return (
    <section className={invalid ? 'problems is-invalid' : 'problems'} role={invalid ? 'alert' : undefined} aria-labelledby="problems-heading">
      <h2 id="problems-heading">
        Problems{invalid ? ` — ${path} is invalid; it is shown read-only and left untouched` : ''}
      </h2>
      <ul aria-label="Problems">
        {problems.slice(0, MAX_SHOWN).map((p, i) => (
          <ProblemRow key={i} problem={p} where={problemLocation(p, pipeline) || null} />
        ))}
      </ul>
      {problems.length > MAX_SHOWN ? <p className="muted">…and {problems.length - MAX_SHOWN} more.</p> : null}
    </section>
  );
}
