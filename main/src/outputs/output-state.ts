import type { OutputState, OutputSummary } from '../api/outputs.js';
import type { RunState } from '../api/runs.js';

/** What is on disk for a step: its summary, an output whose summary is missing or unreadable, or nothing. */
export type StoredOutput = { kind: 'summary'; summary: OutputSummary } | { kind: 'no-summary'; summary: OutputSummary } | { kind: 'absent' };

const writtenIn = (s: OutputSummary) => (s.runUuid ? `in run ${s.runUuid.slice(0, 8)}` : 'outside a run (e.g. in JupyterLab)');

/** The data view's state of one step's output and the sentence that explains it (pure). */
export function outputState(stepId: string, stored: StoredOutput, run: RunState | null): { state: OutputState; message: string } {
  const inRun = run?.steps.find((s) => s.uuid === stepId);
  if (inRun && (inRun.status === 'PENDING' || inRun.status === 'STARTED')) {
    const what = inRun.status === 'STARTED' ? 'This step is running' : 'The run has not reached this step yet';
    return { state: 'running', message: `${what}: its output appears when it has finished.` };
  }
  if (stored.kind === 'no-summary') {
    return { state: 'summary-missing', message: `The step has an output but no readable summary of it: ${stored.summary.error ?? 're-run the step to make one.'}` };
  }
  if (stored.kind === 'summary') {
    const { summary } = stored;
    if (run && summary.runUuid === run.id) return { state: 'ready', message: 'From the last run.' };
    if (!run) return { state: 'ready', message: `Written ${writtenIn(summary)}.` };
    const why = inRun ? 'the last run did not replace it' : 'the last run did not include this step';
    return { state: 'stale', message: `From an older run than the last one (written ${writtenIn(summary)}; ${why}).` };
  }
  if (!run) return { state: 'no-run', message: 'No run yet: run the pipeline to see what this step produces.' };
  if (!inRun) return { state: 'not-run', message: 'The last run did not include this step, and it has no output from an earlier one.' };
  if (inRun.status === 'FAILURE') return { state: 'failed', message: `The step failed in the last run${inRun.message ? ` (${inRun.message})` : ''}: see its log.` };
  if (inRun.status === 'ABORTED') return { state: 'failed', message: 'The step was cancelled in the last run: run it again.' };
  return { state: 'none', message: 'No output: the step ran without calling orchest.output(...), or its output was deleted since.' };
}
