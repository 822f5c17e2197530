import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { EngineService } from './engine-service.js';

export function engineHandlers(engines: EngineService): HandlerMap<MethodsIn<'engines'>> {
  return {
    'engines.list': () => engines.list(),
    'engines.save': ({ name, spec }) => engines.save(name, spec),
    'engines.remove': ({ name }) => engines.remove(name),
    'engines.select': ({ engine }) => engines.select(engine),
    'engines.check': ({ engine }) => engines.check(engine),
  };
}
