/**
 * An in-memory core behind a real CoreClient, for store tests: pipeline files with hashes,
 * CONFLICT on a stale baseHash, and outside edits that emit 'pipeline.changed' like the watcher.
 */
import type { Args, EventName, MethodName, Result } from '../../../main/src/api/contract.js';
import type { Envelope } from '../../../main/src/api/errors.js';
import type { Pipeline, PipelineDocument, Problem } from '../../../main/src/api/pipeline.js';
import type { ProjectState } from '../../../main/src/api/project.js';
import type { Variable, VariableSet } from '../../../main/src/api/variables.js';
import { createConnectionSource, type ConnectionState } from '../client/connection-state.js';
import { createCoreClient, type CoreClient } from '../client/core-client.js';

type Handler = (args: never) => unknown;

interface FileEntry {
  text: string;
}

function hashOf(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}

export function pipelineFixture(steps: Array<{ id: string; parents?: string[]; title?: string }>, name = 'P'): Pipeline {
  const out: Pipeline = { name, uuid: 'pipe-1', version: '1.0.0', settings: {}, parameters: {}, steps: {} };
  steps.forEach(({ id, parents, title }, i) => {
    out.steps[id] = {
      uuid: id,
      title: title ?? id.toUpperCase(),
      file_path: `${id}.py`,
      incoming_connections: parents ?? [],
      kernel: { name: 'python', display_name: 'Python 3' },
      parameters: {},
      meta_data: { hidden: false, position: [i * 100, 0] },
    };
  });
  return out;
}

export class CoreError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'INVALID_ARGUMENT' | 'INTERNAL',
    message: string,
  ) {
    super(message);
  }
}

export class FakeCore {
  readonly files = new Map<string, FileEntry>();
  readonly calls: Array<{ method: string; args: unknown }> = [];
  readonly connection = createConnectionSource('open');
  private readonly listeners = new Set<(event: EventName, payload: unknown) => void>();
  /** Problems returned for a path whose text is not valid JSON. */
  problemsFor = (text: string): Problem[] => {
    try {
      JSON.parse(text);
      return [];
    } catch (err) {
      return [{ severity: 'error', message: (err as Error).message, line: 1, column: 1 }];
    }
  };
  /** Make the next `pipeline.save` wait until this promise resolves (to test events mid-save). */
  saveGate: Promise<void> | null = null;
  project: ProjectState = { root: '/p', name: 'p', pipelines: [], files: [] };
  /** Environment variables by scope ('' = project, else a pipeline path), with their values. */
  readonly variables = new Map<string, Array<Required<Variable>>>();

  private variableSet(scope: string, reveal: boolean): VariableSet {
    const shown = (list: Array<Required<Variable>>, withValues: boolean): Variable[] =>
      list.map((v) => (v.secret && !withValues ? { name: v.name, secret: true } : { ...v }));
    return {
      scope: scope ? 'pipeline' : 'project',
      ...(scope ? { pipeline: scope, inherited: shown(this.variables.get('') ?? [], false) } : {}),
      variables: shown(this.variables.get(scope) ?? [], reveal),
      storage: { file: '/home/u/.config/orchest/variables/p.json', secretsEncrypted: false },
    };
  }

  write(path: string, pipeline: Pipeline | string): string {
    const text = typeof pipeline === 'string' ? pipeline : JSON.stringify(pipeline, null, 2);
    this.files.set(path, { text });
    if (!this.project.pipelines.some((p) => p.path === path)) {
      this.project = {
        ...this.project,
        pipelines: [...this.project.pipelines, { path, layout: 'folder', dir: '', name: path, stepCount: 0, errorCount: 0 }],
      };
    }
    return hashOf(text);
  }

  /**
   * An edit made outside the app (an editor, git): the watcher reports it, with the document as
   * the core does (`withDocument: false`: as an older core did, the client reads it).
   */
  editOutside(path: string, pipeline: Pipeline | string, { withDocument = true } = {}): string {
    const hash = this.write(path, pipeline);
    this.emit('pipeline.changed', { path, hash, ...(withDocument ? { document: this.document(path) } : {}) });
    return hash;
  }

  read(path: string): Pipeline | null {
    const entry = this.files.get(path);
    if (!entry) return null;
    try {
      return JSON.parse(entry.text) as Pipeline;
    } catch {
      return null;
    }
  }

  emit(event: EventName, payload: unknown): void {
    for (const l of [...this.listeners]) l(event, payload);
  }

  setConnection(state: ConnectionState): void {
    this.connection.set(state);
  }

  document(path: string): PipelineDocument {
    const entry = this.files.get(path);
    if (!entry) throw new CoreError('NOT_FOUND', `No pipeline at ${path}`);
    const problems = this.problemsFor(entry.text);
    const pipeline = problems.some((p) => p.severity === 'error') ? null : (JSON.parse(entry.text) as Pipeline);
    return {
      path,
      layout: 'folder',
      dir: '',
      name: pipeline?.name ?? path,
      stepCount: pipeline ? Object.keys(pipeline.steps).length : 0,
      errorCount: problems.length,
      hash: hashOf(entry.text),
      pipeline,
      problems,
    };
  }

  private config = {
    recent_projects: [] as string[],
    editor: '',
    external_editor: '',
    default_parallelism: 4,
    docker_host: '',
    image_aliases: {} as Record<string, string>,
    default_runner: 'docker' as const,
    default_image: 'orchest-py:latest',
    package_index: [] as string[],
  };

  private readonly handlers: Partial<Record<MethodName, Handler>> = {
    'app.info': () => ({ version: '0.0.0', mode: 'test', configPath: '/c/config.json', notices: [], canPickFolder: false }),
    'config.get': () => ({ ...this.config, recent_projects: [this.project.root] }),
    'config.update': (args: Args<'config.update'>) => {
      const bad = (args.patch.package_index as unknown[] | undefined)?.find((e) => typeof e !== 'string' || !/^(\/|https?:\/\/|file:\/\/)/.test(e));
      if (bad !== undefined) throw new CoreError('INVALID_ARGUMENT', `package_index: each entry is an http(s):// or file:// URL or an absolute folder path`);
      this.config = { ...this.config, ...args.patch } as typeof this.config;
      return this.config;
    },
    'project.get': () => this.project,
    'project.open': (args: Args<'project.open'>) => ({ ...this.project, root: args.path }),
    'pipeline.read': (args: Args<'pipeline.read'>) => this.document(args.path),
    'pipeline.save': async (args: Args<'pipeline.save'>) => {
      if (this.saveGate) await this.saveGate;
      const current = this.files.get(args.path);
      if (current && args.baseHash !== undefined && hashOf(current.text) !== args.baseHash) {
        throw new CoreError('CONFLICT', `${args.path} changed on disk`);
      }
      this.write(args.path, args.pipeline as Pipeline);
      return this.document(args.path);
    },
    'vars.get': (args: Args<'vars.get'>) => this.variableSet(args.pipeline ?? '', args.reveal ?? false),
    'vars.set': (args: Args<'vars.set'>) => {
      const scope = args.pipeline ?? '';
      const before = this.variables.get(scope) ?? [];
      const next = args.variables.map((v) => {
        const value = v.value ?? before.find((b) => b.name === v.name)?.value;
        if (value === undefined) throw new CoreError('INVALID_ARGUMENT', `The secret "${v.name}" has no value yet: give it one.`);
        return { name: v.name, value, secret: v.secret ?? false };
      });
      this.variables.set(scope, next);
      return this.variableSet(scope, false);
    },
    'file.create': (args: Args<'file.create'>) => {
      this.project = { ...this.project, files: [...this.project.files, args.path] };
      return { path: args.path };
    },
  };

  client(): CoreClient {
    return createCoreClient({
      connection: this.connection,
      invoke: async <M extends MethodName>(method: M, args: Args<M>): Promise<Envelope<Result<M>>> => {
        this.calls.push({ method, args });
        const handler = this.handlers[method];
        if (!handler) return { error: { code: 'UNKNOWN_METHOD', message: method } };
        try {
          return { result: (await handler(args as never)) as Result<M> };
        } catch (err) {
          if (err instanceof CoreError) return { error: { code: err.code, message: err.message } };
          throw err;
        }
      },
      subscribe: (listener) => {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      },
    });
  }

  callsOf(method: MethodName): unknown[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}
