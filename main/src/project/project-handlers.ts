import type { HandlerMap, MethodsIn } from '../core/handlers.js';
import type { ProjectService } from './project-service.js';

type ProjectMethods = MethodsIn<'project'> | MethodsIn<'pipeline'> | MethodsIn<'file'>;

/** `pickFolder`: the native folder dialog the Electron shell gives; absent in web mode. */
export function projectHandlers(project: ProjectService, pickFolder?: () => Promise<string | null>): HandlerMap<ProjectMethods> {
  return {
    'project.open': ({ path }) => project.open(path),
    'project.pickAndOpen': async () => {
      const picked = pickFolder ? await pickFolder() : null;
      return picked ? project.open(picked) : null;
    },
    'project.get': () => project.state(),
    'pipeline.read': ({ path }) => project.readPipeline(path),
    'pipeline.save': ({ path, pipeline, baseHash }) => project.savePipeline(path, pipeline, baseHash),
    'pipeline.create': ({ folder, name }) => project.createPipeline(folder, name),
    'file.create': ({ path, template }) => project.createFile(path, template),
  };
}
