/** Whether each run command can be used now, and if not, why (the button's tooltip). Pure. */
import type { RunKind } from '../../../main/src/api/runs.js';
import { SHORTCUTS, withShortcut } from '../common/shortcuts.js';

export interface AvailabilityInput {
  hasPipeline: boolean;
  /** The file does not parse or validate. */
  readOnly: boolean;
  /** Error-severity problems of the pipeline. */
  errorCount: number;
  stepCount: number;
  selectedSteps: number;
  /** A run of this pipeline is going, or being started. */
  running: boolean;
  cancelling: boolean;
  /** The engine runs whole pipelines only (Kubernetes, through Argo). */
  wholeOnly?: boolean;
}

export interface Availability {
  ok: boolean;
  reason: string;
}

export interface RunAvailability {
  full: Availability;
  selection: Availability;
  incoming: Availability;
  cancel: Availability;
}

const yes = (reason: string): Availability => ({ ok: true, reason });
const no = (reason: string): Availability => ({ ok: false, reason });

export function runAvailability(input: AvailabilityInput): RunAvailability {
  const blocked = !input.hasPipeline
    ? 'Open a pipeline first'
    : input.readOnly || input.errorCount > 0
      ? 'The pipeline has errors: fix the problems listed below first'
      : input.running
        ? 'A run is going: cancel it or wait for it to finish'
        : null;
  const pick = (ok: string, needsSelection: boolean): Availability => {
    if (blocked) return no(blocked);
    if (input.stepCount === 0) return no('The pipeline has no steps');
    if (needsSelection && input.wholeOnly) return no('The Kubernetes engine runs whole pipelines (Run all): pick a Docker engine to run some steps');
    if (needsSelection && input.selectedSteps === 0) return no('Select one or more steps first');
    return yes(ok);
  };
  return {
    full: pick(withShortcut('Run every step', SHORTCUTS.runAll), false),
    selection: pick(withShortcut('Run the selected steps', SHORTCUTS.runSelected), true),
    incoming: pick(withShortcut('Run the steps that lead to the selected ones', SHORTCUTS.runIncoming), true),
    cancel: !input.running ? no('No run is going') : input.cancelling ? no('Cancelling…') : yes(withShortcut('Cancel the run', SHORTCUTS.cancelRun)),
  };
}

export function availabilityOf(all: RunAvailability, kind: RunKind): Availability {
  return kind === 'full' ? all.full : kind === 'selection' ? all.selection : all.incoming;
}
