import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { ArgoService } from './argo-service.js';

export function argoHandlers(argo: ArgoService): HandlerMap<MethodsIn<'argo'>> {
  return {
    'argo.export': (req) => argo.export(req),
    'argo.push': (req) => argo.push(req),
    'argo.submit': (req) => argo.submit(req),
  };
}
