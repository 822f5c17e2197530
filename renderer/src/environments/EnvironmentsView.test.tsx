// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PropertiesPanel } from '../editor/properties/PropertiesPanel.js';
import { useKeyboardShortcuts } from '../shell/use-keyboard-shortcuts.js';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { BuildIndicator } from './BuildIndicator.js';
import { EnvironmentsProvider } from './environment-context.js';
import { createEnvironmentStore, type EnvironmentStore } from './environment-store.js';
import { EnvironmentsView } from './EnvironmentsView.js';
import { FakeEnvironments } from './testing/fake-environments.js';

let editor: EditorStore;
let environments: EnvironmentStore;

async function mount(ui: React.ReactNode) {
  const core = new FakeCore();
  core.write('p/.orchest/pipeline.json', pipelineFixture([{ id: 'a', title: 'Load data' }]));
  const envs = new FakeEnvironments(core);
  const client = envs.client();
  editor = createEditorStore(client, { saveDelayMs: 10 });
  environments = createEnvironmentStore(client);
  await editor.getState().actions.init();
  render(
    <EditorStoreProvider store={editor}>
      <EnvironmentsProvider store={environments}>{ui}</EnvironmentsProvider>
    </EditorStoreProvider>,
  );
  await vi.waitFor(() => expect(environments.getState().list).not.toBeNull());
  return { core, envs };
}

afterEach(() => {
  cleanup();
  editor.getState().actions.dispose();
  environments.getState().actions.dispose();
});

describe('environments view', () => {
  it('creates an environment, builds it and shows the log, progress and state as the build goes', async () => {
    const { core, envs } = await mount(<EnvironmentsView />);
    expect(screen.getByText(/No environments yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'New environment' }));
    const form = screen.getByRole('form', { name: 'Environment' });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Give the environment a name.')).toBeTruthy();
    expect(core.callsOf('env.save')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Py marker' } });
    fireEvent.change(within(form).getByLabelText('Base image'), { target: { value: 'orchest-test-py:latest' } });
    fireEvent.change(within(form).getByLabelText('Language'), { target: { value: 'python' } });
    fireEvent.click(within(form).getByLabelText('GPU support'));
    fireEvent.change(within(form).getByLabelText('Setup script'), { target: { value: 'echo one\necho two\n' } });
    expect(form.querySelector('.code-gutter')!.textContent).toBe('1\n2\n3\n');
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Build' }));
    });
    await vi.waitFor(() => expect(envs.isBuilding('env-1')).toBe(true));
    expect(core.callsOf('env.save')).toEqual([
      { env: { name: 'Py marker', base_image: 'orchest-test-py:latest', language: 'python', gpu_support: true, setup_script: 'echo one\necho two\n' } },
    ]);

    const table = screen.getByRole('table', { name: 'Environments' });
    expect(within(table).getByRole('button', { name: 'Py marker' })).toBeTruthy();
    act(() => envs.stream({ status: 'BUILDING', text: '\x1b[1mStep 1/2 : FROM orchest-test-py:latest\x1b[0m\n', progress: 0.5 }));
    await vi.waitFor(() => expect(screen.getByRole('log', { name: 'Build log' }).textContent).toBe('Step 1/2 : FROM orchest-test-py:latest\n'));
    // Shown as the run logs are: the escape codes become styles, not text.
    const bold = screen.getByRole('log', { name: 'Build log' }).querySelector<HTMLElement>('.log-line span');
    expect(bold?.style.fontWeight).toBe('700');
    expect(screen.getByRole('progressbar', { name: 'Build progress' }).getAttribute('aria-valuenow')).toBe('50');
    expect(screen.getByTestId('build-state').textContent).toBe('BUILDING');
    expect(screen.getByRole('button', { name: 'Cancel build' }).hasAttribute('disabled')).toBe(false);

    await act(async () => envs.finish('env-1', 'SUCCESS', 'Built, but the image has no Jupyter kernel for python.'));
    await vi.waitFor(() => expect(screen.getByTestId('build-state').textContent).toBe('SUCCESS'));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByTestId('build-message').textContent).toMatch(/no Jupyter kernel/);
    const row = within(table).getByRole('button', { name: 'Py marker' }).closest('tr')!;
    expect(row.textContent).toContain('123 MB');
    expect(row.textContent).toContain('just now');
    expect(row.textContent).toContain('Default');
  });
});

describe('environment of a step and builds started by a run', () => {
  it('picks the step’s environment by name and shows a build a run started', async () => {
    const { envs } = await mount(
      <>
        <PropertiesPanel />
        <BuildIndicator />
      </>,
    );
    act(() => void envs.add({ name: 'Marker env', uuid: 'm' }));
    await act(async () => environments.getState().actions.refresh());
    act(() => editor.getState().actions.setSelection({ steps: ['a'] }));
    const select = screen.getByLabelText('Environment') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['— none (image / default) —', 'Marker env']);
    fireEvent.change(select, { target: { value: 'm' } });
    expect(editor.getState().doc!.pipeline!.steps.a!.environment).toBe('m');
    fireEvent.change(select, { target: { value: '' } });
    expect('environment' in editor.getState().doc!.pipeline!.steps.a!).toBe(false);

    // runs.start builds the environment first: only the events tell.
    act(() => envs.stream({ uuid: 'm', status: 'BUILDING', progress: 0 }));
    act(() => envs.stream({ uuid: 'm', status: 'BUILDING', progress: 0.25, text: 'Step 1/4\n' }));
    const indicator = screen.getByRole('status', { name: 'Environment builds' });
    expect(indicator.textContent).toContain('Building environment “Marker env”…');
    expect(within(indicator).getByRole('progressbar', { name: 'Building Marker env' }).getAttribute('aria-valuenow')).toBe('25');
    act(() => envs.stream({ uuid: 'm', status: 'SUCCESS', progress: 1 }));
    expect(screen.queryByRole('status', { name: 'Environment builds' })).toBeNull();
  });
});

function Shortcuts() {
  useKeyboardShortcuts();
  return null;
}

describe('editor shortcuts on the environments screen', () => {
  it('never delete steps the hidden canvas had selected', async () => {
    await mount(
      <>
        <Shortcuts />
        <EnvironmentsView />
      </>,
    );
    act(() => editor.getState().actions.setSelection({ steps: ['a'] }));
    act(() => environments.getState().actions.show('environments'));
    expect(editor.getState().selection.steps).toEqual([]);
    act(() => editor.getState().actions.setSelection({ steps: ['a'] }));
    const button = screen.getByRole('button', { name: 'New environment' });
    fireEvent.keyDown(button, { key: 'Delete' });
    expect(editor.getState().doc!.pipeline!.steps.a).toBeDefined();
    act(() => editor.getState().actions.updateStep('a', { title: 'Renamed' }));
    fireEvent.keyDown(button, { key: 'z', ctrlKey: true });
    expect(editor.getState().doc!.pipeline!.steps.a!.title).toBe('Renamed');
  });
});

describe('environments view: out of date, package index', () => {
  it('shows an environment whose build inputs changed as OUT OF DATE, with what changed', async () => {
    const { envs } = await mount(<EnvironmentsView />);
    envs.add({
      uuid: 'env-old',
      name: 'With requirements',
      build: { status: 'NONE', outdated: true, changedFiles: ['requirements.txt'], message: 'Out of date: requirements.txt changed since the last build.' },
    });
    await act(async () => {
      await environments.getState().actions.refresh();
    });
    const row = screen.getByRole('row', { name: /With requirements/ });
    expect(within(row).getByText('OUT OF DATE')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'With requirements' }));
    expect(screen.getByTestId('build-state').textContent).toBe('OUT OF DATE');
    expect(screen.getByTestId('build-message').textContent).toContain('requirements.txt changed since the last build');
  });

  it('edits the package index in the config, and shows why an entry is refused', async () => {
    const { core } = await mount(<EnvironmentsView />);
    const form = screen.getByRole('form', { name: 'Package index' });
    const box = within(form).getByLabelText('Package index for builds');
    await vi.waitFor(() => expect((box as HTMLTextAreaElement).disabled).toBe(false));
    fireEvent.change(box, { target: { value: 'relative/wheels\n' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Save package index' }));
    });
    expect(within(form).getByRole('alert').textContent).toMatch(/absolute folder path/);
    fireEvent.change(box, { target: { value: ' /srv/pypi/simple \n\nhttps://mirror.example/simple\n' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Save package index' }));
    });
    expect(within(form).getByRole('status').textContent).toContain('the next builds use these indexes');
    expect(core.callsOf('config.update').at(-1)).toEqual({ patch: { package_index: ['/srv/pypi/simple', 'https://mirror.example/simple'] } });
    expect((box as HTMLTextAreaElement).value).toBe('/srv/pypi/simple\nhttps://mirror.example/simple');
  });
});
