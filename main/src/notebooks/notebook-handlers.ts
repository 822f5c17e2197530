import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { NotebookService } from './notebook-service.js';

export function notebookHandlers(notebooks: NotebookService): HandlerMap<MethodsIn<'notebook'>> {
  return {
    'notebook.read': ({ path }) => notebooks.read(path),
    'notebook.readExecuted': ({ pipeline, stepId }) => notebooks.readExecuted(pipeline, stepId),
    'notebook.setSkip': (req) => notebooks.setSkip(req),
  };
}
