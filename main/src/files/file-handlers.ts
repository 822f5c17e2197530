import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { FileService } from './file-service.js';

export function fileHandlers(files: FileService): HandlerMap<MethodsIn<'files'>> {
  return {
    'files.openInEditor': ({ path, line }) => files.openInEditor(path, line),
    'files.createFolder': ({ path }) => files.createFolder(path),
    'files.move': ({ from, to }) => files.move(from, to),
    'files.delete': ({ path }) => files.remove(path),
    'files.usage': ({ path }) => files.usage(path),
  };
}
