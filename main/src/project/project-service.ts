import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Pipeline, PipelineDocument, PipelineLayout, PipelineSummary } from '../api/pipeline.js';
import type { FileTemplate, ProjectState } from '../api/project.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import type { ConfigService } from '../config/config-service.js';
import { ioErrorAdvice, ioErrorText } from '../fs/io-error.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { linkOutside, linkOutsideMessage } from '../fs/link-outside.js';
import { newPipeline } from '../pipeline/new-pipeline.js';
import { parse } from '../pipeline/parse.js';
import { detectFormat, ORCHEST_FORMAT, serialize, type JsonFormat } from '../pipeline/serialize.js';
import { checkDefinition } from '../pipeline/validate.js';
import { pipelineDirOf, pipelineLayoutOf } from './layout.js';
import { loadPipelineFile, pipelineDocument, sameSummary, sha256, summaryOf, type LoadedPipeline } from './pipeline-file.js';
import { resolveInside, toApiPath } from './rel-path.js';
import { isIgnoredPath, MAX_FILES, scanProject, SKIPPED_DIRS } from './scan.js';
import { templateFile, templatePath } from './templates.js';
import { watchProject, type ProjectWatcher, type WatchEvent } from './watcher.js';

/** The open project, as the other services and its handlers see it. */
export interface ProjectService {
  open(path: string): Promise<ProjectState>;
  state(): ProjectState | null;
  /** Absolute root of the open project; throws CoreError NO_PROJECT when none is open. */
  root(): string;
  /** Absolute path of a project-relative path; throws INVALID_ARGUMENT if it leaves the project. */
  resolve(relPath: string): string;
  readPipeline(relPath: string): Promise<PipelineDocument>;
  savePipeline(relPath: string, pipeline: Pipeline, baseHash?: string): Promise<PipelineDocument>;
  createPipeline(folder: string, name: string): Promise<PipelineSummary>;
  createFile(relPath: string, template: FileTemplate): Promise<{ path: string }>;
  /**
   * Files this app just added or removed itself (a move, a delete): the file list follows at once,
   * without waiting for the watcher. Paths are project-relative; a removed folder takes what it held.
   */
  noteFiles(change: { added?: readonly string[]; removed?: readonly string[] }): void;
  dispose(): Promise<void>;
}

export interface ProjectServiceOptions {
  config: ConfigService;
  bus: EventBus;
  /**
   * Watch the open project for outside changes (default true). A one-shot command (`orchest run`)
   * reads the files once: without the watcher it skips a second walk of the folder and a watch on
   * each of its directories.
   */
  watch?: boolean;
}

/** Clients get one project.changed per burst of file events. */
const PROJECT_CHANGED_DEBOUNCE_MS = 50;
/** Editors often write a file in a few syscalls: read it once they are done. Short: latency matters. */
const PIPELINE_CHECK_DEBOUNCE_MS = 20;
/** open() waits this long at most for the watcher's initial scan before answering. */
const WATCH_READY_TIMEOUT_MS = 5_000;
/** Keeps run artefacts out of git in a new pipeline folder, as Orchest's project .gitignore did. */
const ORCHEST_GITIGNORE = 'data/\nlogs/\n';

interface OpenProject {
  root: string;
  name: string;
  files: Set<string>;
  pipelines: Map<string, PipelineSummary>;
  /** Hash of each pipeline file as last seen on disk or written by us. */
  seenHash: Map<string, string>;
  /** Hash of our own last write of a file, until an outside change is seen: the watcher stays quiet for it. */
  writtenHash: Map<string, string>;
  watcher: ProjectWatcher | null;
  checkTimers: Map<string, NodeJS.Timeout>;
  /** Per notebook: one notebook.changed per burst of writes (an editor saving in several syscalls). */
  notebookTimers: Map<string, NodeJS.Timeout>;
  changedTimer: NodeJS.Timeout | null;
  /** Per-file queue: a save and a watcher re-read of the same file never interleave. */
  locks: Map<string, Promise<unknown>>;
  closed: boolean;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function createProjectService({ config, bus, watch = true }: ProjectServiceOptions): ProjectService {
  let current: OpenProject | null = null;
  let opening: Promise<unknown> = Promise.resolve();

  function requireProject(): OpenProject {
    if (!current) throw new CoreError('NO_PROJECT', 'No project is open: open a folder first.');
    return current;
  }

  function withLock<T>(p: OpenProject, key: string, fn: () => Promise<T>): Promise<T> {
    const run = (p.locks.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    p.locks.set(key, tail);
    void tail.then(() => {
      if (p.locks.get(key) === tail) p.locks.delete(key);
    });
    return run;
  }

  function stateOf(p: OpenProject): ProjectState {
    return {
      root: p.root,
      name: p.name,
      pipelines: [...p.pipelines.values()].sort(byPath),
      files: [...p.files].sort(),
    };
  }

  function scheduleProjectChanged(p: OpenProject): void {
    if (p.closed || p.changedTimer) return;
    p.changedTimer = setTimeout(() => {
      p.changedTimer = null;
      if (!p.closed) bus.emit('project.changed', stateOf(p));
    }, PROJECT_CHANGED_DEBOUNCE_MS);
  }

  function setSummary(p: OpenProject, summary: PipelineSummary): void {
    if (sameSummary(p.pipelines.get(summary.path), summary)) return;
    p.pipelines.set(summary.path, summary);
    scheduleProjectChanged(p);
  }

  function addFile(p: OpenProject, rel: string): void {
    if (rel === '' || p.files.has(rel) || p.files.size >= MAX_FILES || rel.split('/').includes('.orchest')) return;
    p.files.add(rel);
    scheduleProjectChanged(p);
  }

  function removeUnder(p: OpenProject, dir: string): void {
    const prefix = `${dir}/`;
    for (const f of p.files) if (f.startsWith(prefix)) p.files.delete(f);
    for (const key of p.pipelines.keys()) if (key.startsWith(prefix)) p.pipelines.delete(key);
    scheduleProjectChanged(p);
  }

  /** Re-read a pipeline file after a watcher event; tell clients if someone else changed it. */
  async function checkPipeline(p: OpenProject, rel: string, layout: PipelineLayout): Promise<void> {
    let loaded: LoadedPipeline;
    try {
      loaded = await loadPipelineFile(p.root, rel, layout, p.files);
    } catch (err) {
      if ((errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') && p.pipelines.delete(rel)) scheduleProjectChanged(p);
      return;
    }
    if (p.closed) return;
    const { hash } = loaded.document;
    const before = p.seenHash.get(rel);
    if (hash !== before) {
      p.seenHash.set(rel, hash);
      if (hash === p.writtenHash.get(rel)) {
        // Our own save arriving through the watcher: clients already have it.
      } else {
        p.writtenHash.delete(rel);
        // A brand-new file is news for the pipeline list only; nobody has it open yet. The
        // document goes along: clients show it without a second read (latency of outside edits).
        if (before !== undefined) bus.emit('pipeline.changed', { path: rel, hash, document: loaded.document });
      }
    }
    setSummary(p, summaryOf(loaded.document));
  }

  function scheduleCheck(p: OpenProject, rel: string, layout: PipelineLayout): void {
    clearTimeout(p.checkTimers.get(rel));
    p.checkTimers.set(
      rel,
      setTimeout(() => {
        p.checkTimers.delete(rel);
        if (!p.closed) void withLock(p, rel, () => checkPipeline(p, rel, layout)).catch(() => undefined);
      }, PIPELINE_CHECK_DEBOUNCE_MS),
    );
  }

  /** Notebook previews follow their file, whoever wrote it. */
  function scheduleNotebookChanged(p: OpenProject, rel: string): void {
    clearTimeout(p.notebookTimers.get(rel));
    p.notebookTimers.set(
      rel,
      setTimeout(() => {
        p.notebookTimers.delete(rel);
        if (!p.closed) bus.emit('notebook.changed', { path: rel });
      }, PIPELINE_CHECK_DEBOUNCE_MS),
    );
  }

  function onWatchEvent(p: OpenProject, event: WatchEvent, rel: string): void {
    if (p.closed || rel === '' || rel.startsWith('..')) return;
    const layout = pipelineLayoutOf(rel);
    switch (event) {
      case 'add':
        addFile(p, rel);
        if (layout) scheduleCheck(p, rel, layout);
        if (rel.toLowerCase().endsWith('.ipynb')) scheduleNotebookChanged(p, rel);
        break;
      case 'change':
        if (layout) scheduleCheck(p, rel, layout);
        if (rel.toLowerCase().endsWith('.ipynb')) scheduleNotebookChanged(p, rel);
        break;
      case 'unlink':
        if (p.files.delete(rel)) scheduleProjectChanged(p);
        if (layout && p.pipelines.delete(rel)) scheduleProjectChanged(p);
        break;
      case 'addDir':
        if (path.posix.basename(rel) !== '.orchest') scheduleProjectChanged(p);
        break;
      case 'unlinkDir':
        removeUnder(p, rel);
        break;
    }
  }

  async function close(p: OpenProject): Promise<void> {
    p.closed = true;
    for (const t of [...p.checkTimers.values(), ...p.notebookTimers.values()]) clearTimeout(t);
    p.checkTimers.clear();
    p.notebookTimers.clear();
    if (p.changedTimer) clearTimeout(p.changedTimer);
    p.changedTimer = null;
    await p.watcher?.close();
    p.watcher = null;
  }

  /** Summary of a definition found by the scan; a file we cannot read still shows, with an error. */
  async function discover(p: OpenProject, rel: string, layout: PipelineLayout): Promise<void> {
    try {
      const loaded = await loadPipelineFile(p.root, rel, layout, p.files);
      p.seenHash.set(rel, loaded.document.hash);
      p.pipelines.set(rel, summaryOf(loaded.document));
    } catch (err) {
      if (errCode(err) === 'ENOENT') return;
      const dir = pipelineDirOf(rel, layout);
      p.pipelines.set(rel, { path: rel, layout, dir, name: layout === 'project' ? path.posix.basename(rel, '.orchest') : path.posix.basename(dir) || p.name, stepCount: 0, errorCount: 1 });
    }
  }

  async function open(input: string): Promise<ProjectState> {
    const abs = path.resolve(expandHome(input));
    const st = await fs.stat(abs).catch((err: unknown) => {
      if (errCode(err) === 'ENOENT' || errCode(err) === 'ENOTDIR') throw new CoreError('NOT_FOUND', `There is no folder ${abs}.`);
      throw new CoreError('INVALID_ARGUMENT', `Cannot open ${abs}: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (!st.isDirectory()) {
      throw new CoreError('INVALID_ARGUMENT', `${abs} is a file, not a folder: open the folder that holds your notebooks and pipelines.`);
    }
    const root = await fs.realpath(abs);
    if (current) await close(current);
    const p: OpenProject = {
      root,
      name: path.basename(root) || root,
      files: new Set(),
      pipelines: new Map(),
      seenHash: new Map(),
      writtenHash: new Map(),
      watcher: null,
      checkTimers: new Map(),
      notebookTimers: new Map(),
      changedTimer: null,
      locks: new Map(),
      closed: false,
    };
    current = p;
    // Watch first, then scan: a file added while scanning is caught by one or the other.
    if (watch) {
      p.watcher = watchProject(
        root,
        (event, rel) => onWatchEvent(p, event, rel),
        (err) => console.warn(`orchest: watching ${root}: ${err.message}`),
      );
    }
    const scan = await scanProject(root);
    for (const f of scan.files) p.files.add(f);
    await Promise.all(scan.pipelines.map((rel) => discover(p, rel, pipelineLayoutOf(rel)!)));
    if (p.watcher) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([p.watcher.ready, new Promise((r) => (timer = setTimeout(r, WATCH_READY_TIMEOUT_MS)))]);
      clearTimeout(timer);
    }
    // A config that cannot be written must not stop the user from working.
    await config.addRecentProject(root).catch((err: unknown) => console.warn(`orchest: recent projects not saved: ${err instanceof Error ? err.message : String(err)}`));
    const state = stateOf(p);
    if (current === p) bus.emit('project.changed', state);
    return state;
  }

  /** The normalised key, absolute path and layout of a pipeline path from a client. */
  function pipelineTarget(p: OpenProject, rel: string): { key: string; abs: string; layout: PipelineLayout } {
    const abs = resolveInside(p.root, rel);
    const key = toApiPath(p.root, abs);
    const layout = pipelineLayoutOf(key);
    if (!layout) {
      throw new CoreError('INVALID_ARGUMENT', `"${rel}" is not a pipeline file: expected <folder>/.orchest/pipeline.json or a *.orchest file.`);
    }
    return { key, abs, layout };
  }

  async function readDefinition(p: OpenProject, key: string, layout: PipelineLayout): Promise<LoadedPipeline> {
    try {
      return await loadPipelineFile(p.root, key, layout, p.files);
    } catch (err) {
      const code = errCode(err);
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new CoreError('NOT_FOUND', `The pipeline file "${key}" does not exist.`);
      if (code === 'EISDIR') throw new CoreError('INVALID_ARGUMENT', `"${key}" is a folder, not a pipeline file.`);
      throw new CoreError('INVALID_FILE', `The pipeline file "${key}" cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Pipeline files are read and written only inside the project, whatever links say. */
  async function refuseLinkOutside(p: OpenProject, abs: string, key: string): Promise<void> {
    const outside = await linkOutside(p.root, abs);
    if (outside) throw new CoreError('INVALID_FILE', linkOutsideMessage(key, outside, 'the project folder'));
  }

  async function savePipeline(rel: string, pipeline: Pipeline, baseHash?: string): Promise<PipelineDocument> {
    const p = requireProject();
    const { key, abs, layout } = pipelineTarget(p, rel);
    const checked = checkDefinition(pipeline, { pipelineDir: pipelineDirOf(key, layout) });
    const errors = checked.problems.filter((x) => x.severity === 'error');
    if (!checked.pipeline || errors.length) {
      throw new CoreError('INVALID_ARGUMENT', `The pipeline was not saved: ${errors.map((e) => e.message).join(' ')}`, { problems: errors });
    }
    const next = checked.pipeline;
    return withLock(p, key, async () => {
      await refuseLinkOutside(p, abs, key);
      let onDisk: Buffer | null = null;
      try {
        onDisk = await fs.readFile(abs);
      } catch (err) {
        if (errCode(err) !== 'ENOENT') throw new CoreError('INVALID_FILE', `"${key}" cannot be read, so it was not replaced: ${err instanceof Error ? err.message : String(err)}`);
      }
      let base: unknown;
      let format: JsonFormat = ORCHEST_FORMAT;
      if (onDisk) {
        const parsed = parse(onDisk);
        if (!parsed.pipeline) {
          const why = parsed.problems.filter((x) => x.severity === 'error').map((x) => x.message).join(' ');
          throw new CoreError(
            'INVALID_FILE',
            `"${key}" on disk is not a valid pipeline file, so it was left untouched: ${why} Fix or restore it, then save again.`,
            { problems: parsed.problems },
          );
        }
        const hash = sha256(onDisk);
        if (baseHash !== undefined && baseHash !== hash) {
          throw new CoreError('CONFLICT', `"${key}" changed on disk since it was read: reload it, or save again without a base hash to overwrite it.`, { hash });
        }
        base = parsed.raw;
        format = detectFormat(onDisk.toString('utf8')); // UTF-8: parse refused anything else
      } else if (baseHash !== undefined) {
        throw new CoreError('CONFLICT', `"${key}" was deleted on disk since it was read: save again without a base hash to write it anew.`, { hash: '' });
      }

      const bytes = Buffer.from(serialize(next, { base, format }), 'utf8');
      const hash = sha256(bytes);
      const seen = p.seenHash.get(key);
      const written = p.writtenHash.get(key);
      // Recorded before the rename, so the watcher knows the change is ours.
      p.seenHash.set(key, hash);
      p.writtenHash.set(key, hash);
      try {
        await fs.mkdir(path.dirname(abs), { recursive: true });
        await atomicWrite(abs, bytes);
      } catch (err) {
        if (seen === undefined) p.seenHash.delete(key);
        else p.seenHash.set(key, seen);
        if (written === undefined) p.writtenHash.delete(key);
        else p.writtenHash.set(key, written);
        throw new CoreError('INTERNAL', `"${key}" could not be written: ${ioErrorText(err)}. The file on disk is unchanged.${ioErrorAdvice(err)}`);
      }
      const { document } = pipelineDocument(p.root, key, layout, bytes, p.files);
      setSummary(p, summaryOf(document));
      if (layout === 'project') addFile(p, key);
      return document;
    });
  }

  async function createPipeline(folder: string, name: string): Promise<PipelineSummary> {
    const p = requireProject();
    const abs = resolveInside(p.root, folder);
    const dir = toApiPath(p.root, abs);
    if (dir.split('/').some((s) => s === '.orchest' || SKIPPED_DIRS.has(s))) {
      throw new CoreError('INVALID_ARGUMENT', `A pipeline cannot live in "${folder}": pick a folder outside .orchest and ${[...SKIPPED_DIRS].join(', ')}.`);
    }
    const st = await fs.stat(abs).catch(() => null);
    if (st && !st.isDirectory()) throw new CoreError('CONFLICT', `"${dir}" exists and is a file, not a folder.`);
    const key = dir ? `${dir}/.orchest/pipeline.json` : '.orchest/pipeline.json';
    const defAbs = path.join(abs, '.orchest', 'pipeline.json');
    return withLock(p, key, async () => {
      await refuseLinkOutside(p, defAbs, key);
      await fs.mkdir(path.dirname(defAbs), { recursive: true });
      const bytes = Buffer.from(serialize(newPipeline(name.trim() || name)), 'utf8');
      const hash = sha256(bytes);
      try {
        await atomicWrite(defAbs, bytes, { exclusive: true });
      } catch (err) {
        if (errCode(err) === 'EEXIST') throw new CoreError('CONFLICT', `${dir ? `"${dir}"` : 'The project folder'} already holds a pipeline (${key}).`);
        throw err;
      }
      p.seenHash.set(key, hash);
      p.writtenHash.set(key, hash);
      await atomicWrite(path.join(abs, '.orchest', '.gitignore'), ORCHEST_GITIGNORE, { exclusive: true }).catch(() => undefined);
      const summary = summaryOf(pipelineDocument(p.root, key, 'folder', bytes).document);
      setSummary(p, summary);
      scheduleProjectChanged(p);
      return summary;
    });
  }

  async function createFile(rel: string, template: FileTemplate): Promise<{ path: string }> {
    const p = requireProject();
    const { ext, mode } = templateFile(template);
    const given = path.posix.extname(rel);
    if (given && given.toLowerCase() !== ext.toLowerCase()) {
      throw new CoreError('INVALID_ARGUMENT', `"${rel}" ends in ${given}, but a ${template} file must end in ${ext}.`);
    }
    if (rel.endsWith('/')) throw new CoreError('INVALID_ARGUMENT', `"${rel}" names a folder; give a file name.`);
    const abs = resolveInside(p.root, given ? rel : `${rel}${ext}`);
    const key = toApiPath(p.root, abs);
    if (key === '') throw new CoreError('INVALID_ARGUMENT', 'Give a file name.');
    await refuseLinkOutside(p, abs, key); // a folder linked elsewhere would take the new file out
    const content = await fs.readFile(templatePath(template));
    await fs.mkdir(path.dirname(abs), { recursive: true });
    try {
      await atomicWrite(abs, content, { exclusive: true, mode });
    } catch (err) {
      if (errCode(err) === 'EEXIST') throw new CoreError('CONFLICT', `"${key}" already exists; it was not overwritten.`);
      throw err;
    }
    if (!isIgnoredPath(key)) addFile(p, key);
    return { path: key };
  }

  return {
    open: (input) => {
      // One open at a time: the last one asked for is the one left open.
      const run = opening.then(() => open(input), () => open(input));
      opening = run.catch(() => undefined);
      return run;
    },
    state: () => (current ? stateOf(current) : null),
    root: () => requireProject().root,
    resolve: (rel) => resolveInside(requireProject().root, rel),
    async readPipeline(rel) {
      const p = requireProject();
      const { key, layout } = pipelineTarget(p, rel);
      const { document } = await withLock(p, key, () => readDefinition(p, key, layout));
      setSummary(p, summaryOf(document));
      return document;
    },
    savePipeline,
    createPipeline,
    createFile,
    noteFiles({ added = [], removed = [] }) {
      const p = requireProject();
      for (const rel of removed) {
        if (p.files.delete(rel) || p.pipelines.delete(rel)) scheduleProjectChanged(p);
        removeUnder(p, rel);
      }
      for (const rel of added) if (!isIgnoredPath(rel)) addFile(p, rel);
    },
    async dispose() {
      if (current) await close(current);
      current = null;
    },
  };
}
