// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FinishedNotice, ParsedJobDefinition } from '../../../main/src/api/jobs.js';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { EnvironmentsProvider } from '../environments/environment-context.js';
import { createEnvironmentStore, type EnvironmentStore } from '../environments/environment-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { JobsProvider } from './jobs-context.js';
import { createJobsStore, type JobsStore } from './jobs-store.js';
import { JobsView } from './JobsView.js';
import { userTimeZone } from './schedule.js';
import { NewJobButton } from './NewJobButton.js';
import { ScreenSwitch } from '../environments/ScreenSwitch.js';
import { FakeJobs } from './testing/fake-jobs.js';
import { attempt, job, record, step, T0 } from '../../../main/src/jobs/testing/records.js';

const PATH = 'p/.orchest/pipeline.json';
let editor: EditorStore;
let environments: EnvironmentStore;
let jobs: JobsStore;

async function mount({ notify, ui = <JobsView /> }: { notify?: (n: FinishedNotice) => void; ui?: React.ReactNode } = {}) {
  const core = new FakeCore();
  const p = pipelineFixture([{ id: 'train', title: 'Train' }, { id: 'plot', title: 'Plot', parents: ['train'] }]);
  p.parameters = { dataset: 'iris' };
  p.steps.train!.parameters = { lr: 0.1 };
  core.write(PATH, p);
  const fake = new FakeJobs(core);
  const client = fake.client();
  editor = createEditorStore(client, { saveDelayMs: 10 });
  environments = createEnvironmentStore(client);
  jobs = createJobsStore(client, { logFlushMs: 0, ...(notify ? { notify } : {}) });
  await editor.getState().actions.init();
  render(
    <EditorStoreProvider store={editor}>
      <EnvironmentsProvider store={environments}>
        <JobsProvider store={jobs}>{ui}</JobsProvider>
      </EnvironmentsProvider>
    </EditorStoreProvider>,
  );
  await waitFor(() => expect(jobs.getState().runs).not.toBeNull());
  return { core, fake };
}

afterEach(() => {
  cleanup();
  jobs.getState().actions.dispose();
  environments.getState().actions.dispose();
  editor.getState().actions.dispose();
});

const sweep = (i: number, lr: number, dataset: string, over: Parameters<typeof record>[0] = { uuid: '' }) =>
  record({
    index: i,
    createdAt: T0 + i,
    parameters: { pipeline_parameters: { dataset }, train: { lr } },
    steps: [step('train', 'Train', [attempt(1, 'FAILURE', 0, 2), attempt(2, 'SUCCESS', 3, 5)]), step('plot', 'Plot', [attempt(1, 'SUCCESS', 5, 6)])],
    ...over,
    uuid: over.uuid || `run-${i}`,
  });

describe('New job', () => {
  it('creates a job over a 2×2 grid made in the form, with a run deselected, retries, a cron schedule and variables', async () => {
    const { core, fake } = await mount();
    fake.fileGrid = { pipeline_parameters: { dataset: ['iris'] }, train: { lr: [0.1] } };
    fireEvent.click(screen.getByRole('button', { name: 'New job' }));
    const form = await screen.findByRole('form', { name: 'New job' });
    await within(form).findByRole('group', { name: 'Train lr' });
    expect(within(form).getByText(/Values from p\/\.orchest\/pipeline\.parameters\.json/)).toBeTruthy();

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'LR sweep' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add a value to lr' }));
    fireEvent.change(within(form).getByLabelText('lr value 2'), { target: { value: '0.01' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add a value to dataset' }));
    fireEvent.change(within(form).getByLabelText('dataset value 2'), { target: { value: 'wine' } });
    expect(within(form).getByTestId('selected-runs').textContent).toBe('4 of 4 runs selected');
    fireEvent.click(within(form).getByLabelText('Run 3')); // wine, 0.1
    fireEvent.click(within(form).getByLabelText('Cron'));
    fireEvent.change(within(form).getByLabelText(/Cron expression/), { target: { value: '0 3 * * *' } });
    expect(within(form).getByTestId('cron-next').textContent).toMatch(/^Next: /);
    fireEvent.click(within(form).getByRole('button', { name: 'Add variable' }));
    fireEvent.change(within(form).getByLabelText('Variable 1 name'), { target: { value: 'ORCHEST_X' } });
    expect(within(form).getByText(/is reserved/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Variable 1 name'), { target: { value: 'MODE' } });
    fireEvent.change(within(form).getByLabelText('Variable 1 value'), { target: { value: 'fast' } });
    fireEvent.change(within(form).getByLabelText('Retries per step'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Parallel runs'), { target: { value: '2' } });
    fireEvent.change(within(form).getByLabelText('Runs to keep'), { target: { value: '10' } });
    fireEvent.change(within(form).getByLabelText('Webhook URL'), { target: { value: 'http://127.0.0.1:9/hook' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Create job (3 runs)' }));
    });

    const [{ definition }] = core.callsOf('jobs.create') as Array<{ definition: ParsedJobDefinition }>;
    expect(definition).toMatchObject({
      name: 'LR sweep',
      pipeline: PATH,
      parameters: { pipeline_parameters: { dataset: ['iris', 'wine'] }, train: { lr: [0.1, 0.01] } },
      deselected: [2],
      schedule: { type: 'cron', cron: '0 3 * * *', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, runMissed: true },
      env: { MODE: 'fast' },
      maxRunsToKeep: 10,
      retries: 2,
      parallelRuns: 2,
      webhookUrl: 'http://127.0.0.1:9/hook',
    });
    const table = await screen.findByRole('table', { name: 'Jobs' });
    const row = within(table).getByRole('row', { name: /LR sweep/ });
    expect(within(row).getByTestId('job-status').textContent).toBe('SCHEDULED');
    expect(row.textContent).toContain('Cron “0 3 * * *”');
    expect(screen.queryByRole('form', { name: 'New job' })).toBeNull();
  });

  it('says what to fix instead of creating a job', async () => {
    const { core } = await mount();
    fireEvent.click(screen.getByRole('button', { name: 'New job' }));
    const form = await screen.findByRole('form', { name: 'New job' });
    await within(form).findByRole('group', { name: 'Train lr' });
    fireEvent.click(within(form).getByLabelText('At a time'));
    fireEvent.change(within(form).getByLabelText(/Run at/), { target: { value: '2020-01-01T10:00' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: /Create job/ }));
    });
    expect(within(form).getByRole('alert').textContent).toContain('That time has passed');
    fireEvent.click(within(form).getByLabelText('Now'));
    fireEvent.change(within(form).getByLabelText('Webhook URL'), { target: { value: 'ftp://x' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: /Create job/ }));
    });
    expect(within(form).getByRole('alert').textContent).toContain('Webhook URL: an http:// or https:// address');
    expect(core.callsOf('jobs.create')).toHaveLength(0);
  });
});

describe('runs and jobs', () => {
  it('lists every run with its state and parameters, opens one with its timeline and a live read-only log', async () => {
    const { fake } = await mount();
    fake.jobs.set('job-1', job({ uuid: 'job-1' }));
    fake.addRun(sweep(0, 0.1, 'iris'));
    fake.addRun(record({ uuid: 'int-1', kind: 'interactive', jobUuid: null, jobName: null, createdAt: T0 - 1000, snapshotPath: null }));
    fake.logs.set('run-0/train/2', 'epoch 1\n');
    await act(async () => jobs.getState().actions.refresh());
    const runs = screen.getByRole('table', { name: 'Runs' });
    expect(within(runs).getAllByRole('row').map((r) => r.getAttribute('data-run'))).toEqual([null, 'run-0', 'int-1']);
    const row = within(runs).getByRole('row', { name: /Sweep #1/ });
    expect(row.textContent).toContain('dataset=iris, lr=0.1');
    expect(row.textContent).toContain('10.0s');
    expect(within(runs).getByRole('button', { name: /Interactive · P/ })).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: 'Sweep #1' }));
    const detail = await screen.findByRole('region', { name: 'Run' });
    const steps = within(detail).getByRole('table', { name: 'Steps of the run' });
    const train = within(steps).getByRole('row', { name: /Train/ });
    expect(within(train).getAllByRole('cell').map((c) => c.textContent)).toEqual(['SUCCESS', '2', '2.0s + 2.0s']);
    expect(within(detail).getByRole('img', { name: 'Timeline of 2 steps' })).toBeTruthy();

    fireEvent.click(within(detail).getByRole('button', { name: 'Log of Train' }));
    const log = await within(detail).findByRole('log', { name: 'Run step log' });
    await waitFor(() => expect(log.textContent).toBe('epoch 1\n'));
    act(() => fake['core'].emit('jobs.log', { runId: 'run-0', pipeline: PATH, stepId: 'train', offset: 8, text: 'epoch 2\n', jobUuid: 'job-1', attempt: 2 }));
    await waitFor(() => expect(log.textContent).toBe('epoch 1\nepoch 2\n'));
    // Another attempt's chunk is not this pane's.
    act(() => fake['core'].emit('jobs.log', { runId: 'run-0', pipeline: PATH, stepId: 'train', offset: 0, text: 'old\n', jobUuid: 'job-1', attempt: 1 }));
    expect(log.textContent).toBe('epoch 1\nepoch 2\n');
    fake.logs.set('run-0/train/1', 'Traceback: boom\n');
    fireEvent.change(within(detail).getByLabelText('Attempt'), { target: { value: '1' } });
    await waitFor(() => expect(within(detail).getByRole('log', { name: 'Run step log' }).textContent).toBe('Traceback: boom\n'));

    fireEvent.click(within(detail).getByRole('button', { name: 'Notebook and outputs of Train' }));
    const files = await within(detail).findByTestId('step-artifacts');
    // The output as the data view shows it: its facts and first rows; its files.
    const output = await within(files).findByRole('article', { name: 'Output train-df' });
    expect(files.textContent).toContain('/data/runs/run-0/train.ipynb');
    expect(files.textContent).toContain('train-out');
    expect(files.textContent).toContain('2 KiB');
    expect(output.textContent).toContain('pandas.DataFrame · 1 row × 1 column');
    expect(within(output).getByRole('columnheader').textContent).toBe('scorefloat64');
    expect(within(files).getByTestId('run-output-state').textContent).toBe('Written by this run.');
    // The executed notebook, read-only.
    fireEvent.click(within(files).getByRole('button', { name: 'Executed notebook' }));
    const notebook = await within(files).findByRole('region', { name: 'Executed notebook train.ipynb' });
    expect(within(notebook).getByRole('article', { name: 'Cell 1' }).textContent).toContain('ran run-0');
    expect(within(notebook).queryByRole('checkbox')).toBeNull();
  });

  it('shows a run as it goes, from runs.recorded events', async () => {
    const { fake } = await mount();
    fake.addRun(sweep(0, 0.1, 'iris', { uuid: 'run-0', status: 'STARTED', endedAt: undefined, steps: [step('train', 'Train', [attempt(1, 'STARTED', 0)])] }));
    act(() => fake.update('run-0', {}));
    const runs = await screen.findByRole('table', { name: 'Runs' });
    expect(within(runs).getByTestId('run-status').textContent).toBe('STARTED');
    act(() => fake.update('run-0', { status: 'SUCCESS', endedAt: T0 + 4000, steps: [step('train', 'Train', [attempt(1, 'SUCCESS', 0, 4)])] }));
    expect(within(runs).getByTestId('run-status').textContent).toBe('SUCCESS');
    expect(within(runs).getByRole('row', { name: /Sweep #1/ }).textContent).toContain('4.0s');
  });

  it('compares two runs: parameters with differences marked, step states and durations, outputs', async () => {
    const { fake } = await mount();
    fake.addRun(sweep(0, 0.1, 'iris'));
    fake.addRun(sweep(1, 0.01, 'iris', { uuid: 'run-1', status: 'FAILURE', steps: [step('train', 'Train', [attempt(1, 'FAILURE', 0, 1)])] }));
    await act(async () => jobs.getState().actions.refresh());
    const runs = screen.getByRole('table', { name: 'Runs' });
    const compare = screen.getByRole('button', { name: /^Compare/ });
    expect(compare.hasAttribute('disabled')).toBe(true);
    fireEvent.click(within(runs).getByLabelText('Compare Sweep #1'));
    fireEvent.click(within(runs).getByLabelText('Compare Sweep #2'));
    expect(compare.textContent).toBe('Compare 2/2');
    fireEvent.click(compare);
    const table = await screen.findByRole('table', { name: 'Run comparison' });
    // The row's own cells (an output's summary holds a table of its own).
    const own = (row: HTMLElement) => [...row.querySelectorAll(':scope > td')].map((c) => c.textContent);
    const cells = (name: RegExp) => own(within(table).getByRole('row', { name }));
    expect(cells(/^lr \(Train\)/)).toEqual(['0.1', '0.01']);
    expect(within(table).getByRole('row', { name: /^lr \(Train\)/ }).hasAttribute('data-differs')).toBe(true);
    expect(within(table).getByRole('row', { name: /^dataset \(Pipeline\)/ }).hasAttribute('data-differs')).toBe(false);
    expect(cells(/^State/)).toEqual(['SUCCESS', 'FAILURE']);
    const stepRows = within(table).getAllByRole('row', { name: /^Train/ });
    expect(own(stepRows[0]!)).toEqual(['SUCCESS · 5.0s · 2 attempts', 'FAILURE · 1.0s']);
    expect(within(table).getAllByRole('row', { name: /^Plot/ }).map((r) => own(r)[1])).toEqual(['not in this run', '—']);
    // Outputs' summaries side by side: 1 row vs 2 rows, marked as differing.
    await waitFor(() => expect(within(stepRows[1]!).getAllByRole('article').map((o) => o.getAttribute('aria-label'))).toEqual(['Output train-df', 'Output train-df']));
    expect(own(stepRows[1]!).map((c) => /\d+ rows? × 1 column/.exec(c ?? '')?.[0])).toEqual(['1 row × 1 column', '2 rows × 1 column']);
    expect(stepRows[1]!.hasAttribute('data-differs')).toBe(true);
  });

  it('pauses, resumes and cancels a job', async () => {
    const { core, fake } = await mount();
    fake.jobs.set('job-1', job({ uuid: 'job-1', definition: { ...job({ uuid: 'x' }).definition, name: 'Nightly', schedule: { type: 'cron', cron: '0 3 * * *', timeZone: 'UTC', runMissed: true } }, status: 'SCHEDULED', nextRunAt: T0 + 3600_000 }));
    await act(async () => jobs.getState().actions.refresh());
    const row = () => within(screen.getByRole('table', { name: 'Jobs' })).getByRole('row', { name: /Nightly/ });
    // The next firing, in the viewer's zone, named.
    expect(row().textContent).toContain('next ');
    expect(row().textContent).toContain(`(${userTimeZone()})`);
    await act(async () => fireEvent.click(within(row()).getByRole('button', { name: 'Pause' })));
    expect(within(row()).getByTestId('job-status').textContent).toBe('PAUSED');
    await act(async () => fireEvent.click(within(row()).getByRole('button', { name: 'Resume' })));
    expect(within(row()).getByTestId('job-status').textContent).toBe('RUNNING');
    await act(async () => fireEvent.click(within(row()).getByRole('button', { name: 'Cancel' })));
    expect(within(row()).getByTestId('job-status').textContent).toBe('ABORTED');
    expect(within(row()).queryByRole('button', { name: 'Pause' })).toBeNull();
    expect(core.callsOf('jobs.pause')).toEqual([{ jobUuid: 'job-1' }]);
    act(() => fake.setJob('job-1', { status: 'SUCCESS', counts: { total: 4, pending: 0, running: 0, succeeded: 3, failed: 1, aborted: 0 } }));
    expect(within(row()).getByTestId('job-runs').textContent).toBe('4 of 4 done · 1 failed');
  });

  it('shows disk usage and cleans up, saying what was freed or why not', async () => {
    const { fake } = await mount();
    fake.usage = { ...fake.usage, images: [{ id: 'sha256:abc', tags: ['orchest-env-x:1'], bytes: 5 * 1024 * 1024, usedByJobs: ['job-1'] }] };
    fireEvent.click(screen.getByRole('button', { name: 'Disk usage' }));
    const usage = await screen.findByRole('region', { name: 'Disk usage' });
    await waitFor(() => expect(within(usage).getByTestId('usage-total').textContent).toBe('3 MiB'));
    expect(within(usage).getByRole('row', { name: /snapshots/ }).textContent).toContain('2 MiB');
    await act(async () => fireEvent.click(within(usage).getByRole('button', { name: 'Delete finished jobs' })));
    expect(within(usage).getByRole('status').textContent).toBe('Delete finished jobs: removed 2, freed 2 MiB.');
    expect(within(usage).getByTestId('usage-total').textContent).toBe('1 MiB');
    await act(async () => fireEvent.click(within(usage).getByRole('button', { name: 'Remove image' })));
    expect(within(usage).getByRole('status').textContent).toContain('pins this image');
  });

  it('hands a finished job’s notice to the notifier', async () => {
    const notify = vi.fn();
    const { fake } = await mount({ notify });
    const notice: FinishedNotice = { kind: 'job', jobUuid: 'job-1', runUuid: null, status: 'FAILURE', title: 'Job “Sweep” failed', body: '3 of 4 runs succeeded' };
    act(() => fake['core'].emit('notify.finished', notice));
    expect(notify).toHaveBeenCalledWith(notice);
  });
});

describe('the way in', () => {
  it('New job in the toolbar opens the form for the open pipeline on the Runs & jobs screen', async () => {
    await mount({ ui: <><ScreenSwitch /><NewJobButton /></> });
    await waitFor(() => expect(editor.getState().doc?.path).toBe(PATH));
    const show = screen.getByRole('group', { name: 'Show' });
    expect(within(show).getByRole('button', { name: 'Jobs' }).getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'New job' }));
    expect(environments.getState().screen).toBe('jobs');
    expect(jobs.getState().panel).toEqual({ kind: 'new-job', pipeline: PATH });
    expect(within(show).getByRole('button', { name: 'Jobs' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(show).getByRole('button', { name: 'Pipelines' }));
    expect(environments.getState().screen).toBe('pipelines');
  });
});
