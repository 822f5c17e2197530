import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { SetupService } from './setup-service.js';

export function setupHandlers(setup: SetupService): HandlerMap<MethodsIn<'engine'> | MethodsIn<'setup'>> {
  return {
    'engine.status': () => setup.status(),
    'setup.buildDefaultImage': () => setup.buildDefaultImage(),
    'setup.cancel': () => setup.cancel(),
    'setup.readLog': () => setup.readLog(),
  };
}
