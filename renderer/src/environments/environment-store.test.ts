import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../editor/store/editor-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { createEnvironmentStore, selectDefaultEnvironment, shownStatus, type EnvironmentStore } from './environment-store.js';
import { FakeEnvironments } from './testing/fake-environments.js';

let store: EnvironmentStore;

async function setup() {
  const core = new FakeCore();
  const envs = new FakeEnvironments(core);
  store = createEnvironmentStore(envs.client());
  return { core, envs };
}

afterEach(() => store?.getState().actions.dispose());

const view = (uuid: string) => store.getState().builds[uuid];
/** The build log as shown: its lines. */
const logOf = (uuid: string) => {
  const log = view(uuid)?.log;
  return log ? Array.from({ length: log.lineCount }, (_, i) => log.line(i)).join('\n') : null;
};
const info = (uuid: string) => store.getState().list?.find((e) => e.uuid === uuid);

describe('environment store', () => {
  it('lists the open project’s environments and starts over for another project', async () => {
    const { envs } = await setup();
    envs.add({ name: 'Py', uuid: 'py' });
    await store.getState().actions.setProject('/p');
    expect(store.getState().list?.map((e) => e.name)).toEqual(['Py']);
    expect(selectDefaultEnvironment(store.getState())?.uuid).toBe('py');
    await store.getState().actions.setProject(null);
    expect(store.getState().list).toEqual([]);
  });

  it('streams a build into the log, with progress, until it ends', async () => {
    const { envs } = await setup();
    envs.add({ name: 'Py', uuid: 'py' });
    await store.getState().actions.setProject('/p');
    const done = store.getState().actions.build('py');
    await vi.waitFor(() => expect(envs.isBuilding('py')).toBe(true));
    expect(view('py')).toMatchObject({ status: 'BUILDING', progress: 0 });
    expect(logOf('py')).toBe('');
    envs.stream({ status: 'BUILDING', text: 'Step 1/2 : FROM base\n', progress: 0 });
    envs.stream({ status: 'BUILDING', text: 'Step 2/2 : RUN \x1b[1msetup\x1b[0m\n', progress: 0.5 });
    await vi.waitFor(() => expect(logOf('py')).toBe('Step 1/2 : FROM base\nStep 2/2 : RUN \x1b[1msetup\x1b[0m'));
    expect(view('py')!.progress).toBe(0.5);
    expect(envs.readCount).toBe(0); // seen from its start: nothing to read
    envs.finish('py', 'SUCCESS', 'No Jupyter kernel in the image.');
    const outcome = await done;
    expect(outcome.ok).toBe(true);
    expect(shownStatus(info('py'), view('py'))).toBe('SUCCESS');
    await vi.waitFor(() => expect(logOf('py')).toContain('No Jupyter kernel in the image.'));
    expect(info('py')!.build.message).toBe('No Jupyter kernel in the image.');
    expect(store.getState().notes.py).toBeUndefined();
  });

  it('says so when the image was already built (no events), and keeps the last log', async () => {
    const { envs } = await setup();
    envs.add({ name: 'Py', uuid: 'py', build: { status: 'SUCCESS', builtAt: 1 } });
    envs.logs.set('py', 'the last build\n');
    await store.getState().actions.setProject('/p');
    store.getState().actions.select('py');
    await vi.waitFor(() => expect(logOf('py')).toBe('the last build'));
    await store.getState().actions.build('py');
    expect(store.getState().notes.py?.text).toMatch(/Already built/);
    expect(view('py')).toMatchObject({ status: 'SUCCESS', awaitingStart: false });
    expect(logOf('py')).toBe('the last build');
  });

  it('reads the log file of a build joined midway and places what streams in meanwhile by offset', async () => {
    const { envs } = await setup();
    envs.add({ name: 'Py', uuid: 'py' });
    await store.getState().actions.setProject('/p');
    // Another window starts the build; this one only hears the events, the core's list says BUILDING.
    const elsewhere = envs.client().call('env.build', { uuid: 'py' });
    envs.stream({ uuid: 'py', status: 'BUILDING', text: 'line 1\n' });
    await store.getState().actions.refresh();
    expect(info('py')!.build.status).toBe('BUILDING');
    let open!: () => void;
    envs.readGate = new Promise((r) => (open = r));
    store.setState({ builds: {} }); // as if this page had just opened
    store.getState().actions.dispose();
    store = createEnvironmentStore(envs.client());
    await store.getState().actions.setProject('/p');
    envs.stream({ uuid: 'py', status: 'BUILDING', text: 'line 2\n' }); // a gap before it: reads the file
    await vi.waitFor(() => expect(envs.readCount).toBe(1));
    envs.stream({ uuid: 'py', status: 'BUILDING', text: 'line 3\n' }); // after the file was read
    open();
    await vi.waitFor(() => expect(logOf('py')).toBe('line 1\nline 2\nline 3'));
    expect(envs.readCount).toBe(1);
    envs.finish('py', 'SUCCESS');
    await elsewhere;
  });

  it('gives new steps the project’s default environment', async () => {
    const { core, envs } = await setup();
    envs.add({ name: 'B env', uuid: 'b' });
    envs.add({ name: 'A env', uuid: 'a' });
    await store.getState().actions.setProject('/p');
    await store.getState().actions.setDefault('b');
    core.write('p/.orchest/pipeline.json', pipelineFixture([]));
    const editor = createEditorStore(core.client(), { defaultEnvironment: () => selectDefaultEnvironment(store.getState())?.uuid });
    await editor.getState().actions.init();
    const id = editor.getState().actions.addStep({ position: [0, 0] });
    expect(editor.getState().doc!.pipeline!.steps[id!]!.environment).toBe('b');
    editor.getState().actions.dispose();
  });
});
