/**
 * Minimal stand-ins for ConfigService and ProjectService in the environment tests, so they do not
 * depend on those services' implementation: config is a plain object, a project is a folder whose
 * pipelines are listed by the test.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configSchema, type Config } from '../../api/config.js';
import { pipelineSchema, type PipelineDocument, type PipelineSummary } from '../../api/pipeline.js';
import type { ProjectState } from '../../api/project.js';
import { CoreError } from '../../core/core-error.js';
import type { ConfigService } from '../../config/config-service.js';
import type { ProjectService } from '../../project/project-service.js';

export function fakeConfig(patch: Partial<Config> = {}, configPath = '/home/user/.config/orchest/config.json'): ConfigService {
  let config = configSchema.parse(patch);
  return {
    path: configPath,
    notices: [],
    get: () => config,
    async update(p) {
      config = configSchema.parse({ ...config, ...p });
      return config;
    },
    async addRecentProject() {},
  };
}

/** A project at `root` whose pipelines are the given definition files (relative paths). */
export function fakeProject(root: string, pipelineFiles: string[] = []): ProjectService {
  const notImplemented = () => {
    throw new Error('not used by the environment service');
  };
  const summary = (rel: string): PipelineSummary => ({
    path: rel,
    layout: rel.endsWith('.orchest') ? 'project' : 'folder',
    dir: path.dirname(rel),
    name: path.basename(rel),
    stepCount: 0,
    errorCount: 0,
  });
  return {
    open: notImplemented,
    state: (): ProjectState => ({ root, name: path.basename(root), pipelines: pipelineFiles.map(summary), files: [] }),
    root: () => root,
    resolve(rel) {
      const abs = path.resolve(root, rel);
      if (!abs.startsWith(root)) throw new CoreError('INVALID_ARGUMENT', `${rel} leaves the project`);
      return abs;
    },
    async readPipeline(rel): Promise<PipelineDocument> {
      const text = await fs.readFile(path.join(root, rel), 'utf8');
      let pipeline = null;
      try {
        const parsed = pipelineSchema.safeParse(JSON.parse(text));
        pipeline = parsed.success ? parsed.data : null;
      } catch {
        pipeline = null;
      }
      return { ...summary(rel), name: pipeline?.name ?? path.basename(rel), hash: '', pipeline, problems: [] };
    },
    savePipeline: notImplemented,
    createPipeline: notImplemented,
    createFile: notImplemented,
    noteFiles: notImplemented,
    async dispose() {},
  };
}
