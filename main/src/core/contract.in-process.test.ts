import { contractSuite } from './testing/contract-suite.js';
import { createCore } from './core.js';

contractSuite('in-process calls (Electron IPC path)', async ({ configDir, dataDir }) => {
  const core = await createCore({ configDir, dataDir, mode: 'test' });
  return { call: core.call, subscribe: core.subscribe, close: () => core.dispose() };
});
