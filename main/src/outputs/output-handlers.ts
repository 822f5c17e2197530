import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { OutputService } from './output-service.js';

export function outputHandlers(outputs: OutputService): HandlerMap<MethodsIn<'outputs'>> {
  return {
    'outputs.list': ({ pipeline, stepId }) => outputs.list(pipeline, stepId),
    'outputs.thumbnail': ({ pipeline, stepId, file }) => outputs.thumbnail(pipeline, stepId, file),
  };
}
