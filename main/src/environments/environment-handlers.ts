import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { EnvironmentService } from './environment-service.js';

export function environmentHandlers(environments: EnvironmentService): HandlerMap<MethodsIn<'env'>> {
  return {
    'env.list': () => environments.list(),
    'env.save': ({ env }) => environments.save(env),
    'env.duplicate': ({ uuid }) => environments.duplicate(uuid),
    'env.delete': ({ uuid }) => environments.delete(uuid),
    'env.build': ({ uuid }) => environments.build(uuid),
    'env.cancelBuild': ({ uuid }) => environments.cancelBuild(uuid),
    'env.readBuildLog': ({ uuid }) => environments.readBuildLog(uuid),
    'env.setDefault': ({ uuid }) => environments.setDefault(uuid),
  };
}
