// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { PropertiesPanel } from '../editor/properties/PropertiesPanel.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { ProjectSettings } from './ProjectSettings.js';
import { VariablesProvider } from './variables-context.js';
import { createVariablesStore } from './variables-store.js';

const PATH = 'p/.orchest/pipeline.json';
let store: EditorStore;

async function mount(core = new FakeCore()) {
  core.write(PATH, pipelineFixture([{ id: 'a' }]));
  store = createEditorStore(core.client(), { saveDelayMs: 10 });
  await store.getState().actions.init();
  const variables = createVariablesStore(core.client());
  render(
    <EditorStoreProvider store={store}>
      <VariablesProvider store={variables}>
        <ProjectSettings />
        <PropertiesPanel />
      </VariablesProvider>
    </EditorStoreProvider>,
  );
  return { core, pipeline: () => store.getState().doc!.pipeline! };
}

afterEach(() => {
  cleanup();
  store.getState().actions.dispose();
});

describe('environment variables', () => {
  it('the pipeline panel adds a variable, refuses an ORCHEST_* name, and saves to the pipeline scope', async () => {
    const { core } = await mount();
    const section = await screen.findByRole('region', { name: 'Environment variables' });
    fireEvent.click(within(section).getByRole('button', { name: 'Add variable' }));
    fireEvent.change(within(section).getByLabelText('Name of new variable'), { target: { value: 'ORCHEST_X' } });
    expect(within(section).getByText(/"ORCHEST_X" is reserved/)).toBeTruthy();
    expect((within(section).getByRole('button', { name: 'Save variables' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(section).getByLabelText('Name of ORCHEST_X'), { target: { value: 'LEVEL' } });
    fireEvent.change(within(section).getByLabelText('Value of LEVEL'), { target: { value: 'pipeline' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Save variables' }));
    await within(section).findByText('Variables saved.');
    expect(core.callsOf('vars.set')).toEqual([{ pipeline: PATH, variables: [{ name: 'LEVEL', value: 'pipeline', secret: false }] }]);
  });

  it('project settings show a stored secret masked, keep it on save, and reveal it on demand', async () => {
    const core = new FakeCore();
    core.variables.set('', [{ name: 'TOKEN', value: 'tok-1', secret: true }]);
    await mount(core);
    fireEvent.click(screen.getByRole('button', { name: 'Project settings' }));
    const dialog = screen.getByRole('dialog', { name: /Project settings/ });
    const value = (await within(dialog).findByLabelText('Value of TOKEN')) as HTMLInputElement;
    expect(value.type).toBe('password');
    expect(value.value).toBe('');
    expect(dialog.textContent).not.toContain('tok-1');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add variable' }));
    fireEvent.change(within(dialog).getByLabelText('Name of new variable'), { target: { value: 'REGION' } });
    fireEvent.change(within(dialog).getByLabelText('Value of REGION'), { target: { value: 'eu' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save variables' }));
    await within(dialog).findByText('Variables saved.');
    expect(core.callsOf('vars.set')).toEqual([{ variables: [{ name: 'TOKEN', secret: true }, { name: 'REGION', value: 'eu', secret: false }] }]);
    // The pipeline panel behind shows what it now inherits.
    await waitFor(() => expect(within(screen.getByRole('complementary', { name: 'Properties', hidden: true })).getByRole('region', { name: 'Environment variables', hidden: true }).textContent).toContain('From the project: TOKEN, REGION'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reveal TOKEN' }));
    await waitFor(() => expect((within(dialog).getByLabelText('Value of TOKEN') as HTMLInputElement).value).toBe('tok-1'));
    expect((within(dialog).getByLabelText('Value of TOKEN') as HTMLInputElement).type).toBe('text');
  });
});
