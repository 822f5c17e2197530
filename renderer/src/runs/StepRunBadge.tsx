import './runs.css';
import { Ban, CircleCheck, CircleX, Clock, LoaderCircle, type LucideIcon } from 'lucide-react';
import { useLayoutEffect, useRef } from 'react';
import type { StepRunState } from '../../../main/src/api/runs.js';
import { formatDuration } from './duration.js';
import { stepDurationMs } from './run-display.js';
import { useRuns } from './run-context.js';
import { useNow } from '../common/use-now.js';

const STATUS_ICONS: Record<StepRunState['status'], LucideIcon> = {
  PENDING: Clock,
  STARTED: LoaderCircle,
  SUCCESS: CircleCheck,
  FAILURE: CircleX,
  ABORTED: Ban,
};

/**
 * A step's run state on its node: PENDING/STARTED/SUCCESS/FAILURE/ABORTED and how long it took
 * (ticking while it runs). Nothing for a step that has not run.
 */
export function StepRunBadge({ stepId }: { stepId: string }) {
  const display = useRuns((s) => s.steps[stepId]);
  const ref = useRef<HTMLSpanElement>(null);
  const status = display?.status ?? 'none';
  const stale = display?.stale ?? false;
  const now = useNow(status === 'STARTED', 100);

  // The node element itself (React Flow's wrapper) carries the state too: tests and CSS find it there.
  useLayoutEffect(() => {
    const node = ref.current?.closest('.react-flow__node');
    if (!node) return;
    node.setAttribute('data-status', status);
    if (stale) node.setAttribute('data-stale', 'true');
    else node.removeAttribute('data-stale');
  }, [status, stale]);

  if (!display) return <span ref={ref} className="step-run-badge" data-testid="step-status" data-status="none" title="Not run yet" />;
  const ms = stepDurationMs(display, now);
  const Icon = STATUS_ICONS[display.status];
  const title = [
    stale ? `${display.status} in an earlier run (not part of the last one)` : display.status,
    display.message ?? '',
  ]
    .filter(Boolean)
    .join(' — ');
  return (
    <span ref={ref} className="step-run-badge" data-testid="step-status" data-status={display.status} data-stale={stale ? 'true' : undefined} title={title}>
      <Icon className="step-run-icon" size={13} strokeWidth={2.25} aria-hidden="true" />
      {display.status}
      {ms !== null ? <span className="step-run-duration">{formatDuration(ms)}</span> : null}
    </span>
  );
}
