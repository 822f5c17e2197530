/**
 * A Core made of the real RunService and the run engine's test fakes (for the CLI tests): it
 * serves the run methods and `pipeline.read` through the real dispatch, so the CLI under test
 * goes through `core.call` exactly as with the real core.
 */
import type { Config } from '../../api/config.js';
import type { Core, CoreOptions } from '../../core/core.js';
import { dispatch } from '../../core/dispatch.js';
import { EventBus } from '../../core/event-bus.js';
import { createVariableService } from '../../variables/variable-service.js';
import { createRunService } from '../run-service.js';
import { runHandlers } from '../run-handlers.js';
import { fakeConfig, fakeEnvironments, fakeProject } from './fake-services.js';

export function fakeCoreFactory(config: Partial<Config> = {}): (opts: CoreOptions) => Promise<Core> {
  return async (opts) => {
    if (!opts.projectDir) throw new Error('the fake core needs projectDir');
    const bus = new EventBus();
    const project = fakeProject(opts.projectDir);
    // The real variables service (files under opts.configDir): `--env` and stored variables meet here.
    const variables = createVariableService({ configDir: opts.configDir, project });
    const runs = createRunService({ config: fakeConfig(config), project, environments: fakeEnvironments(), variables, bus, dataDir: opts.dataDir });
    const handlers = { ...runHandlers(runs), 'pipeline.read': ({ path }: { path: string }) => project.readPipeline(path) };
    return {
      call: ((method: string, args: unknown) => dispatch(handlers, method, args)) as Core['call'],
      subscribe: (listener) => bus.subscribe(listener),
      dispose: () => runs.dispose(),
    };
  };
}
