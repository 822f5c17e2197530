import type { ConfigService } from '../config/config-service.js';
import type { HandlerMap, MethodsIn } from './handlers.js';
import { APP_VERSION } from './version.js';

export function appHandlers(config: ConfigService, mode: 'electron' | 'web' | 'test', canPickFolder: boolean): HandlerMap<MethodsIn<'app'>> {
  return {
    'app.info': () => ({ version: APP_VERSION, mode, configPath: config.path, notices: config.notices, canPickFolder }),
  };
}
