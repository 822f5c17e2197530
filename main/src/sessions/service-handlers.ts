import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { ServiceSessions } from './service-sessions.js';

export function serviceHandlers(services: ServiceSessions): HandlerMap<MethodsIn<'services'>> {
  return {
    'services.start': ({ pipeline, names }) => services.start(pipeline, names),
    'services.stop': ({ pipeline, names }) => services.stop(pipeline, names),
    'services.list': ({ pipeline }) => services.list(pipeline),
    'services.readLog': ({ pipeline, name, session, tailBytes }) => services.readLog(pipeline, name, session, tailBytes),
  };
}
