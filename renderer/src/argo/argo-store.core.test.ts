/** The Export to Argo store against the real core: the dialog's options become the export's, errors read as the core says them. */
import { afterEach, describe, expect, it } from 'vitest';
import { pipelineFixture } from '../testing/fake-core.js';
import { startRealCore, type RealCore } from '../testing/real-core.js';
import { createArgoStore, type ArgoStore } from './argo-store.js';

let rc: RealCore | undefined;
afterEach(async () => {
  await rc?.dispose();
  rc = undefined;
});

async function setup(): Promise<ArgoStore> {
  const pipeline = pipelineFixture([{ id: 'load', title: 'Load' }, { id: 'fit', parents: ['load'], title: 'Fit' }], 'Model');
  rc = await startRealCore({ files: { 'model.orchest': pipeline, 'load.py': 'print(1)\n', 'fit.py': 'print(2)\n' } });
  return createArgoStore(rc.client);
}

const until = async (store: ArgoStore, phase: 'ready' | 'error') => {
  for (let i = 0; i < 200 && store.getState().phase !== phase; i++) await new Promise((r) => setTimeout(r, 25));
  return store.getState();
};

describe('argo store', () => {
  it('exports the open pipeline, and again with the registry the user typed', async () => {
    const store = await setup();
    store.getState().actions.open('model.orchest');
    let s = await until(store, 'ready');
    expect(s.result!.yaml).toContain('orchest.io/step-title: Load');
    expect(s.result!.images).toEqual([expect.objectContaining({ local: 'orchest-py:latest', remote: 'orchest-py:latest', push: false, steps: ['Load', 'Fit'] })]);
    store.getState().actions.setOptions({ registry: 'registry.example.org/ml', retries: '3' });
    await store.getState().actions.refresh();
    s = store.getState();
    expect(s.result!.images[0]).toMatchObject({ remote: 'registry.example.org/ml/orchest-py:latest', push: true });
    expect(s.result!.yaml).toContain('limit: "3"');
  });

  it('shows the core\'s message for a schedule that is not cron, and a missing grid file', async () => {
    const store = await setup();
    store.getState().actions.setOptions({ cron: 'daily' });
    store.getState().actions.open('model.orchest');
    expect((await until(store, 'error')).error).toMatch(/five fields/);
    store.getState().actions.setOptions({ cron: '', grid: true });
    await store.getState().actions.refresh();
    expect(store.getState().error).toContain('model.parameters.json');
  });
});
