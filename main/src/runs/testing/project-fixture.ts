/** Temporary projects with a pipeline and its step files, for the run engine's tests. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FixtureStep {
  uuid: string;
  title?: string;
  file: string;
  /** File content; omit to not create the file. */
  source?: string;
  parents?: string[];
  parameters?: Record<string, unknown>;
  kernel?: string;
  environment?: string;
  image?: string;
  /** CPU and memory limits (`step.resources`). */
  resources?: Record<string, unknown>;
}

export interface FixtureOptions {
  /** folder: <root>/<pipelineDir>/.orchest/pipeline.json ; project: <root>/<pipelineDir>/<name>.orchest */
  layout?: 'folder' | 'project';
  pipelineDir?: string;
  uuid?: string;
  name?: string;
  parameters?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  steps: FixtureStep[];
}

export interface ProjectFixture {
  root: string;
  /** Pipeline definition, relative to root. */
  pipelinePath: string;
  /** Absolute folder holding the step files. */
  pipelineDir: string;
  dataDir: string;
  logsDir: string;
  logOf(stepUuid: string): string;
  readLog(stepUuid: string): Promise<string>;
  writeStep(file: string, source: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createProject(opts: FixtureOptions): Promise<ProjectFixture> {
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-run-')));
  const layout = opts.layout ?? 'folder';
  const relDir = opts.pipelineDir ?? (layout === 'folder' ? 'pipe' : '');
  const pipelineDir = path.join(root, relDir);
  const uuid = opts.uuid ?? `pipe-${path.basename(root).slice(-6)}`;
  const name = opts.name ?? 'test pipeline';
  const pipelinePath = layout === 'folder' ? path.posix.join(relDir, '.orchest', 'pipeline.json') : path.posix.join(relDir, 'main.orchest');
  const steps = Object.fromEntries(
    opts.steps.map((s) => [
      s.uuid,
      {
        uuid: s.uuid,
        title: s.title ?? s.uuid,
        file_path: s.file,
        incoming_connections: s.parents ?? [],
        kernel: { name: s.kernel ?? 'python', display_name: 'Python 3' },
        parameters: s.parameters ?? {},
        meta_data: { hidden: false, position: [0, 0] },
        ...(s.environment ? { environment: s.environment } : {}),
        ...(s.image ? { image: s.image } : {}),
        ...(s.resources ? { resources: s.resources } : {}),
      },
    ]),
  );
  const definition = { name, uuid, version: '1.0.0', settings: opts.settings ?? {}, parameters: opts.parameters ?? {}, steps };
  await fs.mkdir(path.dirname(path.join(root, pipelinePath)), { recursive: true });
  await fs.writeFile(path.join(root, pipelinePath), JSON.stringify(definition, null, 2));
  const writeStep = async (file: string, source: string) => {
    await fs.mkdir(path.dirname(path.join(pipelineDir, file)), { recursive: true });
    await fs.writeFile(path.join(pipelineDir, file), source);
  };
  for (const s of opts.steps) if (s.source !== undefined) await writeStep(s.file, s.source);
  const base = layout === 'folder' ? path.join(pipelineDir, '.orchest') : path.join(root, '.orchest', 'pipelines', uuid);
  const logsDir = path.join(base, 'logs');
  const logOf = (step: string) => path.join(logsDir, `${step}.log`);
  return {
    root,
    pipelinePath,
    pipelineDir,
    dataDir: path.join(base, 'data'),
    logsDir,
    logOf,
    readLog: (step) => fs.readFile(logOf(step), 'utf8'),
    writeStep,
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** A notebook (nbformat 4) whose cells are code; tag a cell with { source, tags: ['skip'] }. */
export function notebook(cells: Array<string | { source: string; tags?: string[] }>): string {
  return JSON.stringify({
    cells: cells.map((c, i) => {
      const { source, tags } = typeof c === 'string' ? { source: c, tags: undefined } : c;
      return { cell_type: 'code', id: `cell-${i}`, metadata: tags ? { tags } : {}, execution_count: null, outputs: [], source };
    }),
    // As in Orchest projects: a kernelspec that exists only inside Orchest. The step's kernel decides.
    metadata: { kernelspec: { name: 'orchest-kernel-c56ab762', display_name: 'Python 3 (Orchest)', language: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}
