import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { VariableService } from './variable-service.js';

export function variableHandlers(variables: VariableService): HandlerMap<MethodsIn<'vars'>> {
  return {
    'vars.get': ({ pipeline, reveal }) => variables.get({ pipeline }, reveal),
    'vars.set': ({ pipeline, variables: list }) => variables.set({ pipeline }, list),
  };
}
