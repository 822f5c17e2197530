/**
 * Small hand-written ProjectService / ConfigService / EnvironmentService for the run engine's
 * tests, so they do not depend on the other services' progress. They read real files: the
 * pipeline through the pipeline module's parser, like the real project service.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { configSchema, type Config } from '../../api/config.js';
import type { EnvironmentInfo } from '../../api/environments.js';
import type { PipelineDocument } from '../../api/pipeline.js';
import { CoreError } from '../../core/core-error.js';
import type { ConfigService } from '../../config/config-service.js';
import type { EnvironmentService } from '../../environments/environment-service.js';
import type { ProjectService } from '../../project/project-service.js';
import { parse } from '../../pipeline/parse.js';

const notHere = (what: string) => () => {
  throw new Error(`${what} is not part of the run engine's test fake`);
};

export function fakeConfig(values: Partial<Config> = {}): ConfigService {
  let config = configSchema.parse(values);
  return {
    path: '/nonexistent/config.json',
    notices: [],
    get: () => config,
    async update(patch) {
      config = configSchema.parse({ ...config, ...patch });
      return config;
    },
    async addRecentProject() {},
  };
}

export function fakeProject(root: string): ProjectService {
  const absRoot = path.resolve(root);
  const resolve = (rel: string) => {
    const abs = path.resolve(absRoot, rel);
    const inside = path.relative(absRoot, abs);
    if (inside.startsWith('..') || path.isAbsolute(inside)) throw new CoreError('INVALID_ARGUMENT', `${rel} is outside the project.`);
    return abs;
  };
  return {
    async open() {
      return { root: absRoot, name: path.basename(absRoot), pipelines: [], files: [] };
    },
    state: () => ({ root: absRoot, name: path.basename(absRoot), pipelines: [], files: [] }),
    root: () => absRoot,
    resolve,
    async readPipeline(rel): Promise<PipelineDocument> {
      const text = await fs.readFile(resolve(rel), 'utf8').catch(() => {
        throw new CoreError('NOT_FOUND', `No pipeline file ${rel}.`);
      });
      const folder = rel.endsWith('.orchest/pipeline.json');
      const dir = folder ? path.posix.dirname(path.posix.dirname(rel)) : path.posix.dirname(rel);
      const { pipeline, problems } = parse(text);
      return {
        path: rel,
        layout: folder ? 'folder' : 'project',
        dir: dir === '.' ? '' : dir,
        name: pipeline?.name ?? rel,
        ...(pipeline?.uuid ? { uuid: pipeline.uuid } : {}),
        stepCount: pipeline ? Object.keys(pipeline.steps).length : 0,
        errorCount: problems.filter((p) => p.severity === 'error').length,
        hash: 'fake',
        pipeline,
        problems,
      };
    },
    savePipeline: notHere('savePipeline'),
    createPipeline: notHere('createPipeline'),
    createFile: notHere('createFile'),
    noteFiles: notHere('noteFiles'),
    async dispose() {},
  };
}

/** Environments by uuid -> { image, gpu }; ensureBuilt answers their image tags. */
export function fakeEnvironments(envs: Record<string, { image: string; gpu?: boolean }> = {}): EnvironmentService & { ensured: string[][] } {
  const ensured: string[][] = [];
  const info = (uuid: string): EnvironmentInfo => {
    const env = envs[uuid];
    if (!env) throw new CoreError('NOT_FOUND', `No environment ${uuid}.`);
    return { uuid, name: uuid, language: 'python', base_image: env.image, gpu_support: env.gpu ?? false, setup_script: '', image: env.image, build: { status: 'SUCCESS' } };
  };
  return {
    ensured,
    list: async () => Object.keys(envs).map(info),
    describe: async (uuid) => info(uuid),
    async ensureBuilt(uuids) {
      ensured.push([...uuids]);
      return Object.fromEntries(uuids.map((u) => [u, info(u).image]));
    },
    save: notHere('save'),
    duplicate: notHere('duplicate'),
    delete: notHere('delete'),
    build: notHere('build'),
    cancelBuild: notHere('cancelBuild'),
    readBuildLog: notHere('readBuildLog'),
    setDefault: notHere('setDefault'),
    async dispose() {},
  } as EnvironmentService & { ensured: string[][] };
}
