import { describe, expect, it } from 'vitest';
import type { RunState, RunStatus } from '../main/src/api/runs.js';
import { buildTrayMenuTemplate, initialTrayState, pipelineLabel, reduceTrayState, type TrayState } from './tray-state.js';

function run(id: string, status: RunStatus, steps: RunStatus[], pipeline = 'etl/.orchest/pipeline.json', startedAt = 1000): RunState {
  return {
    id,
    pipeline,
    kind: 'full',
    runner: 'docker',
    status,
    startedAt,
    steps: steps.map((s, i) => ({ uuid: `s${i}`, title: `step ${i + 1}`, status: s, logPath: `/logs/s${i}.log` })),
  };
}

const feed = (...runs: RunState[]): TrayState => runs.reduce(reduceTrayState, initialTrayState);

describe('tray state', () => {
  it('is idle before any run', () => {
    expect(initialTrayState.tooltip).toBe('Orchest — idle');
  });

  it('shows the running pipeline and how far it got', () => {
    const s = feed(run('r1', 'STARTED', ['SUCCESS', 'STARTED', 'PENDING', 'PENDING']));
    expect(s.tooltip).toBe('Orchest — running etl (2 of 4 steps)');
    expect(s.label).toBe('Running etl (2 of 4 steps)');
  });

  it('names the most recent of several runs and counts the others', () => {
    const s = feed(run('r1', 'STARTED', ['STARTED'], 'a.orchest', 1), run('r2', 'STARTED', ['SUCCESS', 'STARTED'], 'models/train.orchest', 2));
    expect(s.tooltip).toBe('Orchest — running train (2 of 2 steps) +1 more');
  });

  it('goes back to idle when a run ends, and says how the last one ended', () => {
    const started = feed(run('r1', 'STARTED', ['STARTED', 'PENDING']));
    const done = reduceTrayState(started, run('r1', 'SUCCESS', ['SUCCESS', 'SUCCESS']));
    expect(done.tooltip).toBe('Orchest — idle');
    expect(done.label).toBe('Idle — last run: etl SUCCESS');
  });

  it('keeps saying the last run failed until the next one', () => {
    const failed = feed(run('r1', 'STARTED', ['STARTED', 'PENDING']), run('r1', 'FAILURE', ['FAILURE', 'ABORTED']));
    expect(failed.tooltip).toBe('Orchest — last run failed: etl');
    expect(failed.label).toBe('Last run failed: etl');
    const next = reduceTrayState(failed, run('r2', 'STARTED', ['STARTED', 'PENDING'], 'etl/.orchest/pipeline.json', 2000));
    expect(next.tooltip).toBe('Orchest — running etl (1 of 2 steps)');
    expect(reduceTrayState(next, run('r2', 'SUCCESS', ['SUCCESS', 'SUCCESS'])).tooltip).toBe('Orchest — idle');
  });

  it('ignores a late progress event of a run that already ended', () => {
    const done = feed(run('r1', 'STARTED', ['STARTED']), run('r1', 'SUCCESS', ['SUCCESS']));
    expect(reduceTrayState(done, run('r1', 'STARTED', ['STARTED'])).tooltip).toBe('Orchest — idle');
  });

  it('labels pipelines by folder or file name', () => {
    expect(pipelineLabel('etl/.orchest/pipeline.json')).toBe('etl');
    expect(pipelineLabel('a/b/.orchest/pipeline.json')).toBe('b');
    expect(pipelineLabel('.orchest/pipeline.json')).toBe('.orchest/pipeline.json');
    expect(pipelineLabel('models/train.orchest')).toBe('train');
  });
});

describe('tray menu', () => {
  it('has Show, the recent projects, the status line (disabled) and Quit', () => {
    const opened: string[] = [];
    let quit = 0;
    const state = feed(run('r1', 'STARTED', ['STARTED', 'PENDING']));
    const menu = buildTrayMenuTemplate(state, ['/home/u/a', '/home/u/b'], { show: () => {}, openProject: (d) => opened.push(d), quit: () => quit++ });
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Show Orchest', 'Recent Projects', 'separator', 'Running etl (1 of 2 steps)', 'separator', 'Quit']);
    expect(menu[3]!.enabled).toBe(false);
    const recent = menu[1]!.submenu as { label: string; click: () => void }[];
    expect(recent.map((i) => i.label)).toEqual(['/home/u/a', '/home/u/b']);
    recent[1]!.click();
    expect(opened).toEqual(['/home/u/b']);
    (menu[5] as { click: () => void }).click();
    expect(quit).toBe(1);
  });

  it('says so when there are no recent projects', () => {
    const menu = buildTrayMenuTemplate(initialTrayState, [], { show: () => {}, openProject: () => {}, quit: () => {} });
    expect(menu[1]!.submenu).toEqual([{ label: 'No recent projects', enabled: false }]);
    expect(menu[3]!.label).toBe('Idle');
  });
});
