// @vitest-environment jsdom
/**
 * The environments store and screen against the real core in-process: which environments the
 * core lets go (none a step uses) and how it says so. Build streaming with scripted events is in
 * environment-store.test.ts (FakeEnvironments).
 */
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { pipelineFixture } from '../testing/fake-core.js';
import { startRealCore, type RealCore } from '../testing/real-core.js';
import { EnvironmentsProvider } from './environment-context.js';
import { createEnvironmentStore, type EnvironmentStore } from './environment-store.js';
import { EnvironmentsView } from './EnvironmentsView.js';

const PATH = 'pipe/.orchest/pipeline.json';
let core: RealCore | undefined;
let editor: EditorStore | undefined;
let environments: EnvironmentStore | undefined;

/** A project with environments "Used" (step "Load data" of pipeline "P" runs in it) and "Spare". */
async function setup() {
  core = await startRealCore({ files: { [PATH]: pipelineFixture([{ id: 'a', title: 'Load data' }]), 'pipe/a.py': '' } });
  editor = createEditorStore(core.client, { saveDelayMs: 60_000 });
  environments = createEnvironmentStore(core.client);
  await editor.getState().actions.init();
  await environments.getState().actions.setProject(core.root);
  const draft = (name: string) => ({ name, base_image: 'orchest-test-py:latest', language: 'python', gpu_support: false, setup_script: '' });
  const used = await environments.getState().actions.save(draft('Used'));
  const spare = await environments.getState().actions.save(draft('Spare'));
  if (!used.ok || !spare.ok) throw new Error('could not create the environments');
  const pipeline: Pipeline = pipelineFixture([{ id: 'a', title: 'Load data' }]);
  pipeline.steps.a!.environment = used.value.uuid;
  await core.write(PATH, pipeline);
  return { core, editor, environments, used: used.value.uuid, spare: spare.value.uuid };
}

afterEach(async () => {
  cleanup();
  editor?.getState().actions.dispose();
  environments?.getState().actions.dispose();
  await core?.dispose();
  core = editor = environments = undefined;
});

describe('deleting environments on the real core', () => {
  it('refuses to delete an environment a step uses, naming the pipeline and step; deletes one no step uses', async () => {
    const { environments, used, spare } = await setup();
    const refused = await environments.getState().actions.remove(used);
    expect(refused).toEqual({ ok: false, message: expect.stringContaining('P › Load data') });
    expect(environments.getState().list?.map((e) => e.name).sort()).toEqual(['Spare', 'Used']);
    expect(await environments.getState().actions.remove(spare)).toEqual({ ok: true, value: spare });
    await vi.waitFor(() => expect(environments!.getState().list?.map((e) => e.name)).toEqual(['Used']));
  });

  it('shows the refusal in the environment’s form and keeps it in the table', async () => {
    const { editor, environments } = await setup();
    render(
      <EditorStoreProvider store={editor}>
        <EnvironmentsProvider store={environments}>
          <EnvironmentsView />
        </EnvironmentsProvider>
      </EditorStoreProvider>,
    );
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Used' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Used' }));
    const form = screen.getByRole('form', { name: 'Environment' });
    fireEvent.click(within(form).getByRole('button', { name: 'Delete' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Yes, delete' }));
    });
    await vi.waitFor(() => expect(within(form).getByRole('alert').textContent).toContain('is used by a step: P › Load data'), { timeout: 5000 });
    expect(screen.getByRole('table', { name: 'Environments' }).textContent).toContain('Used');
  });
});
