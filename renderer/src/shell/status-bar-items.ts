import type { RunnerKind } from '../../../main/src/api/runs.js';
import type { EngineStatus } from '../../../main/src/api/setup.js';

export interface StatusItem {
  id: 'engine' | 'runner' | 'project';
  text: string;
  /** The tooltip: the details. */
  title: string;
  tone: 'ok' | 'warning' | 'muted';
}

/**
 * The status bar's three items: the Docker engine, the runner, the project. Pure. `runsElsewhere`:
 * the engine runs use is not this machine's (a remote host, a cluster): the Docker item is then this
 * machine's, which Jupyter and the interactive services use.
 */
export function statusBarItems(engine: EngineStatus | null, runner: RunnerKind | null, project: { name: string; root: string } | null, runsElsewhere: string | null = null): StatusItem[] {
  const platform = engine?.os && engine.arch ? ` (${engine.os}/${engine.arch})` : '';
  const here = runsElsewhere ? 'Local Docker' : 'Docker';
  const local = runsElsewhere ? ` — runs use ${runsElsewhere}; Jupyter and the interactive services run on this machine` : '';
  const engineItem: StatusItem = !engine
    ? { id: 'engine', text: `${here}: checking…`, title: 'Asking the Docker engine', tone: 'muted' }
    : engine.reachable
      ? { id: 'engine', text: `${here} ${engine.version ?? ''}`.trim(), title: `Docker engine ${engine.version ?? ''}${platform} at ${engine.host}${local}`, tone: 'ok' }
      : { id: 'engine', text: `${here} not reachable`, title: [engine.problem?.message, engine.problem?.hint, local.replace(/^ — /, '')].filter(Boolean).join(' '), tone: 'warning' };
  const shownRunner = runner ?? engine?.runner ?? null;
  const runnerItem: StatusItem =
    shownRunner === 'local'
      ? { id: 'runner', text: 'Local runner (not isolated)', title: 'Steps run as processes on this machine, not in containers', tone: 'warning' }
      : { id: 'runner', text: 'Docker runner', title: 'Each step runs in its own Docker container', tone: 'muted' };
  const projectItem: StatusItem = project
    ? { id: 'project', text: project.name, title: project.root, tone: 'muted' }
    : { id: 'project', text: 'No project open', title: 'Open a folder to start', tone: 'muted' };
  return [engineItem, runnerItem, projectItem];
}
