import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { ConfigService } from './config-service.js';

export function configHandlers(config: ConfigService): HandlerMap<MethodsIn<'config'>> {
  return {
    'config.get': () => config.get(),
    'config.update': ({ patch }) => config.update(patch),
  };
}
