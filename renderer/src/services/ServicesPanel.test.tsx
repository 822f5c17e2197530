// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceInfo } from '../../../main/src/api/services.js';
import { createConnectionSource } from '../client/connection-state.js';
import type { CoreClient } from '../client/core-client.js';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import { createEditorStore, type EditorStore } from '../editor/store/editor-store.js';
import { FakeCore, pipelineFixture } from '../testing/fake-core.js';
import { ServicesStoreProvider } from './services-context.js';
import { ServicesPanel } from './ServicesPanel.js';
import { createServicesStore, type ServicesStore } from './services-store.js';

const PATH = 'p/.orchest/pipeline.json';
const info: ServiceInfo = {
  id: 'orchest-service-dashboard-1',
  name: 'dashboard',
  pipeline: PATH,
  projectRoot: '/p',
  image: 'img',
  session: 'interactive',
  status: 'running',
  urls: [{ port: 8501, url: 'http://127.0.0.1:5000/' }],
  logPath: '/p/.orchest/logs/services/dashboard.log',
  startedAt: 1,
};

let editor: EditorStore;
let services: ServicesStore;

/** The services side of the core: what started, announced as the core does. */
function servicesClient() {
  const calls: string[] = [];
  let running: ServiceInfo[] = [];
  const listeners = new Map<string, (p: unknown) => void>();
  const client = {
    connection: createConnectionSource('open'),
    call: async (method: string) => {
      calls.push(method);
      if (method === 'services.start') running = [info];
      if (method === 'services.stop') running = [];
      listeners.get('services.changed')?.(running);
      return method === 'services.stop' ? { stopped: ['dashboard'] } : running;
    },
    on: (event: string, l: (p: unknown) => void) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    },
  } as unknown as CoreClient;
  return { client, calls };
}

async function mount(withServices: boolean) {
  const core = new FakeCore();
  core.write(PATH, { ...pipelineFixture([{ id: 'a' }]), ...(withServices ? { services: { dashboard: { image: 'img', ports: [8501] } } } : {}) });
  editor = createEditorStore(core.client());
  await editor.getState().actions.init();
  const fake = servicesClient();
  services = createServicesStore(fake.client);
  render(
    <EditorStoreProvider store={editor}>
      <ServicesStoreProvider store={services}>
        <ServicesPanel />
      </ServicesStoreProvider>
    </EditorStoreProvider>,
  );
  return fake;
}

afterEach(() => {
  cleanup();
  editor.getState().actions.dispose();
  services.getState().actions.dispose();
});

describe('services panel', () => {
  it('starts the pipeline services, links each port, and stops them', async () => {
    const { calls } = await mount(true);
    fireEvent.click(screen.getByRole('button', { name: 'Services' }));
    const panel = screen.getByRole('dialog', { name: 'Services' });
    expect(within(panel).getByText('not running')).toBeTruthy();
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Start services' })));
    const link = within(panel).getByRole('link', { name: 'Open dashboard' });
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:5000/');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.getByRole('button', { name: 'Services (1)' })).toBeTruthy();
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Stop services' })));
    expect(within(panel).queryByRole('link')).toBeNull();
    expect(calls.filter((c) => c !== 'services.list')).toEqual(['services.start', 'services.stop']);
  });

  it('shows nothing for a pipeline without services', async () => {
    await mount(false);
    expect(screen.queryByRole('button', { name: /^Services/ })).toBeNull();
  });
});
