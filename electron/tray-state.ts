/**
 * What the tray says about runs, derived from 'run.updated' events. Pure: the shell feeds it
 * events and renders the result (tooltip, status line). Notifications come from the core's
 * 'notify.finished' (notifications.ts): a job, or a run long enough to be worth one.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RunState, RunStatus } from '../main/src/api/runs.js';
import { isRunFinished } from '../main/src/common/statuses.js';

type RunBrief = { id: string; pipeline: string; startedAt: number; done: number; total: number };
type Finished = { pipeline: string; status: RunStatus };

export interface TrayState {
  /** Runs in progress, by run id. */
  active: Record<string, RunBrief>;
  /** The run that ended last. */
  last: Finished | null;
  /** Ids of runs seen ending, so a late progress event of one does not show it running again. */
  announced: string[];
  tooltip: string;
  /** The disabled status line of the tray menu. */
  label: string;
}

const ANNOUNCED_KEPT = 200;

export const initialTrayState: TrayState = { active: {}, last: null, announced: [], tooltip: 'Orchest — idle', label: 'Idle' };

/** "etl" for "etl/.orchest/pipeline.json", "train" for "models/train.orchest". */
export function pipelineLabel(pipelinePath: string): string {
  const folder = pipelinePath.replace(/(^|\/)\.orchest\/pipeline\.json$/, '');
  if (folder !== pipelinePath) return folder ? folder.split('/').pop()! : pipelinePath;
  const base = pipelinePath.split('/').pop() ?? pipelinePath;
  return base.replace(/\.orchest$/, '') || pipelinePath;
}

function describe(active: RunBrief[], last: Finished | null): { tooltip: string; label: string } {
  if (active.length > 0) {
    const latest = active.reduce((a, b) => (b.startedAt > a.startedAt ? b : a));
    const more = active.length > 1 ? ` +${active.length - 1} more` : '';
    const label = `Running ${latest.pipeline} (${latest.done} of ${latest.total} steps)${more}`;
    return { tooltip: `Orchest — running ${latest.pipeline} (${latest.done} of ${latest.total} steps)${more}`, label };
  }
  if (last?.status === 'FAILURE') return { tooltip: `Orchest — last run failed: ${last.pipeline}`, label: `Last run failed: ${last.pipeline}` };
  return { tooltip: 'Orchest — idle', label: last ? `Idle — last run: ${last.pipeline} ${last.status}` : 'Idle' };
}

export function reduceTrayState(state: TrayState, run: RunState): TrayState {
  const pipeline = pipelineLabel(run.pipeline);
  const active = { ...state.active };
  let { last, announced } = state;

  if (isRunFinished(run.status)) {
    delete active[run.id];
    if (!announced.includes(run.id)) {
      last = { pipeline, status: run.status };
      announced = [...announced, run.id].slice(-ANNOUNCED_KEPT);
    }
  } else if (!announced.includes(run.id)) {
    // "k of n": steps that have started or ended, so the first running step reads "1 of n".
    const done = run.steps.filter((s) => s.status !== 'PENDING').length;
    active[run.id] = { id: run.id, pipeline, startedAt: run.startedAt, done, total: run.steps.length };
  }
  return { active, last, announced, ...describe(Object.values(active), last) };
}

export interface TrayMenuActions {
  show(): void;
  openProject(dir: string): void;
  quit(): void;
}

/** Show, Recent projects, the status line (disabled), Quit. */
export function buildTrayMenuTemplate(state: TrayState, recent: readonly string[], actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? recent.map((dir) => ({ label: dir, click: () => actions.openProject(dir) }))
    : [{ label: 'No recent projects', enabled: false }];
  return [
    { label: 'Show Orchest', click: () => actions.show() },
    { label: 'Recent Projects', submenu: recentItems },
    { type: 'separator' },
    { label: state.label, enabled: false },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ];
}
