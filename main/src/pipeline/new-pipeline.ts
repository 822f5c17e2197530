import type { Pipeline } from '../api/pipeline.js';

/** A fresh, empty definition with Orchest 1.x's settings, so Orchest itself opens it too. */
export function newPipeline(name: string): Pipeline {
  return {
    name,
    uuid: globalThis.crypto.randomUUID(),
    version: '1.0.0',
    settings: { auto_eviction: false, data_passing_memory_size: '1GB', max_steps_parallelism: 0 },
    parameters: {},
    steps: {},
  };
}
