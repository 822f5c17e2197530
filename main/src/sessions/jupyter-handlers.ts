import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { JupyterService } from './jupyter-service.js';

export function jupyterHandlers(jupyter: JupyterService): HandlerMap<MethodsIn<'jupyter'>> {
  return {
    'jupyter.open': (req) => jupyter.open(req),
    'jupyter.list': () => jupyter.list(),
    'jupyter.stop': ({ id }) => jupyter.stop(id),
  };
}
