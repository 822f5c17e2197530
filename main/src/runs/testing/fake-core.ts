/** A Core made of the real RunService and the run engine's test fakes (for the CLI tests). */
import type { Config } from '../../api/config.js';
import type { Core, CoreOptions } from '../../core/core.js';
import { EventBus } from '../../core/event-bus.js';
import { createVariableService } from '../../variables/variable-service.js';
import { createRunService } from '../run-service.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './fake-services.js';

export function fakeCoreFactory(config: Partial<Config> = {}): (opts: CoreOptions) => Promise<Core> {
  return async (opts) => {
    if (!opts.projectDir) throw new Error('the fake core needs projectDir');
    const bus = new EventBus();
    const services = {
      config: fakeConfig(config),
      project: fakeProject(opts.projectDir),
      environments: fakeEnvironments(),
    };
    const variables = createVariableService({ configDir: opts.configDir, project: services.project });
    const runs = createRunService({ ...services, variables, bus, dataDir: opts.dataDir });
    return {
      services: { ...services, runs, variables },
      call: async () => ({ error: { code: 'UNKNOWN_METHOD', message: 'not in the fake core' } }),
      subscribe: (listener) => bus.subscribe(listener),
      dispose: () => runs.dispose(),
    };
  };
}
