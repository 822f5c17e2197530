import { describe, expect, it } from 'vitest';
import type { ServiceInfo } from '../../../main/src/api/services.js';
import { ClientError } from '../client/client-error.js';
import { createConnectionSource } from '../client/connection-state.js';
import type { CoreClient } from '../client/core-client.js';
import { createServicesStore, servicesOf } from './services-store.js';

const web: ServiceInfo = {
  id: 'orchest-service-web-1',
  name: 'web',
  pipeline: 'dash.orchest',
  projectRoot: '/p',
  image: 'img',
  session: 'interactive',
  status: 'running',
  urls: [{ port: 8501, url: 'http://127.0.0.1:5000/' }],
  logPath: '/p/.orchest/pipelines/u/logs/services/web.log',
  startedAt: 1,
};

function fakeClient(answer: (method: string, args: unknown) => unknown) {
  const listeners = new Map<string, (p: unknown) => void>();
  const calls: unknown[] = [];
  const client = {
    connection: createConnectionSource('open'),
    call: async (method: string, args: unknown) => {
      calls.push([method, args]);
      return answer(method, args);
    },
    on: (event: string, l: (p: unknown) => void) => {
      listeners.set(event, l);
      return () => listeners.delete(event);
    },
  } as unknown as CoreClient;
  return { client, calls, emit: (event: string, p: unknown) => listeners.get(event)?.(p) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const lines = (b: { lineCount: number; line(i: number): string }) => Array.from({ length: b.lineCount }, (_, i) => b.line(i));

describe('services store', () => {
  it('starts the pipeline services and lists what the core announces', async () => {
    const { client, calls, emit } = fakeClient((method) => (method === 'services.list' ? [web] : [web]));
    const store = createServicesStore(client);
    await store.getState().actions.start('dash.orchest');
    expect(calls[0]).toEqual(['services.start', { pipeline: 'dash.orchest' }]);
    expect(store.getState().services).toEqual([web]);
    expect(store.getState().busy).toBeNull();
    emit('services.changed', []);
    expect(store.getState().services).toEqual([]);
    expect(servicesOf([web], '/p', 'dash.orchest')).toEqual([web]);
    expect(servicesOf([web], '/other', 'dash.orchest')).toEqual([]);
  });

  it("shows the core's message when they cannot start", async () => {
    const { client } = fakeClient((method) => {
      if (method === 'services.start') throw new ClientError('IMAGE_MISSING', 'Docker has no image "img".');
      return [];
    });
    const store = createServicesStore(client);
    await store.getState().actions.start('dash.orchest');
    expect(store.getState().error).toBe('Could not start the services: Docker has no image "img".');
  });

  it("follows a service's log: the file's tail, live chunks, and a new start begins it anew", async () => {
    const { client, emit } = fakeClient((method) => (method === 'services.readLog' ? { text: 'one\n', size: 4, truncated: false } : []));
    const store = createServicesStore(client);
    store.getState().actions.openLog(web);
    await flush();
    emit('service.log', { id: web.id, pipeline: 'dash.orchest', name: 'web', session: 'interactive', offset: 4, text: 'two\n' });
    emit('service.log', { id: web.id, pipeline: 'dash.orchest', name: 'other', session: 'interactive', offset: 8, text: 'not this\n' });
    await new Promise((r) => setTimeout(r, 150));
    expect(lines(store.getState().log!.buffer)).toEqual(['one', 'two']);
    emit('service.log', { id: 'orchest-service-web-2', pipeline: 'dash.orchest', name: 'web', session: 'interactive', offset: 0, text: 'again\n' });
    await new Promise((r) => setTimeout(r, 150));
    expect(store.getState().log!.id).toBe('orchest-service-web-2');
    expect(lines(store.getState().log!.buffer)).toEqual(['again']);
  });
});
