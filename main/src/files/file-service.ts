import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FileMoveResult, StepFileRef } from '../api/files.js';
import type { Pipeline, PipelineDocument } from '../api/pipeline.js';
import { editorArgv, editorTemplateProblem, formatCommand } from '../common/editor-template.js';
import { isAtOrUnder, movedPath, projectPathFor, stepPathFor } from '../common/project-paths.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import type { EventBus } from '../core/event-bus.js';
import { linkOutside, linkOutsideMessage } from '../fs/link-outside.js';
import { pipelineDirOf, pipelineLayoutOf } from '../project/layout.js';
import type { ProjectService } from '../project/project-service.js';
import { toApiPath } from '../project/rel-path.js';
import { SKIPPED_DIRS } from '../project/scan.js';
import { launchDetached, systemOpener, type OpenPath } from './editor-launch.js';

/** Files and folders of the open project: the user's editor, create, move/rename, delete. */
export interface FileService {
  openInEditor(rel: string, line?: number): Promise<{ command: string }>;
  createFolder(rel: string): Promise<{ path: string }>;
  move(from: string, to: string): Promise<FileMoveResult>;
  remove(rel: string): Promise<{ deleted: string; missing: StepFileRef[] }>;
  usage(rel: string): Promise<StepFileRef[]>;
}

export interface FileServiceOptions {
  config: ConfigService;
  project: ProjectService;
  bus: EventBus;
  /** The desktop shell's "open with the default application" (Electron: shell.openPath). */
  openPath?: OpenPath;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** A pipeline and the step paths it would have after a move. */
interface PlannedEdit {
  doc: PipelineDocument & { pipeline: Pipeline };
  newKey: string;
  next: Pipeline;
  changes: Array<StepFileRef & { newFilePath: string }>;
}

export function createFileService({ config, project, bus, openPath }: FileServiceOptions): FileService {
  /** A user-given path as the API's key and absolute path; refuses the root, app folders and links leading out. */
  async function target(rel: string, what: 'source' | 'destination'): Promise<{ key: string; abs: string }> {
    const root = project.root();
    const abs = project.resolve(rel);
    const key = toApiPath(root, abs);
    if (key === '') throw new CoreError('INVALID_ARGUMENT', 'That is the project folder itself: pick a file or folder inside it.');
    const segs = key.split('/');
    if (segs.includes('.orchest') || segs.some((s) => SKIPPED_DIRS.has(s))) {
      throw new CoreError('INVALID_ARGUMENT', `"${key}" is inside a folder Orchest manages (${segs.find((s) => s === '.orchest' || SKIPPED_DIRS.has(s))}): change it there with other tools.`);
    }
    // The folder it is in must really be inside the project; the entry itself may be a link (only the link is moved or deleted).
    const outside = await linkOutside(root, path.dirname(abs));
    if (outside) throw new CoreError('INVALID_ARGUMENT', linkOutsideMessage(path.posix.dirname(key), outside, 'the project folder'));
    if (what === 'source' && !(await fs.lstat(abs).catch(() => null))) throw new CoreError('NOT_FOUND', `"${key}" does not exist.`);
    return { key, abs };
  }

  /** Every valid pipeline of the project, read now; invalid ones with why they are skipped. */
  async function pipelines(): Promise<{ docs: Array<PipelineDocument & { pipeline: Pipeline }>; invalid: Array<{ pipeline: string; reason: string }> }> {
    const docs: Array<PipelineDocument & { pipeline: Pipeline }> = [];
    const invalid: Array<{ pipeline: string; reason: string }> = [];
    for (const summary of project.state()?.pipelines ?? []) {
      try {
        const doc = await project.readPipeline(summary.path);
        if (doc.pipeline) docs.push({ ...doc, pipeline: doc.pipeline });
        else invalid.push({ pipeline: summary.path, reason: 'the pipeline file has errors; fix them, then set the step files by hand' });
      } catch (err) {
        invalid.push({ pipeline: summary.path, reason: message(err) });
      }
    }
    return { docs, invalid };
  }

  function stepsAt(doc: PipelineDocument & { pipeline: Pipeline }, key: string): StepFileRef[] {
    return Object.values(doc.pipeline.steps)
      .filter((s) => s.file_path !== '' && isAtOrUnder(projectPathFor(doc.dir, s.file_path), key))
      .map((s) => ({ pipeline: doc.path, pipelineName: doc.name, uuid: s.uuid, title: s.title, filePath: s.file_path }));
  }

  async function usage(rel: string): Promise<StepFileRef[]> {
    const { key } = await target(rel, 'source');
    const { docs } = await pipelines();
    return docs.flatMap((doc) => stepsAt(doc, key));
  }

  /** What each pipeline's steps become when `from` moves to `to` (the pipeline itself may move too). */
  function plan(doc: PipelineDocument & { pipeline: Pipeline }, from: string, to: string): PlannedEdit | null {
    const newKey = movedPath(doc.path, from, to);
    const newDir = pipelineDirOf(newKey, pipelineLayoutOf(newKey) ?? doc.layout);
    const changes: PlannedEdit['changes'] = [];
    const steps = { ...doc.pipeline.steps };
    for (const [id, step] of Object.entries(steps)) {
      if (step.file_path === '') continue;
      const newFilePath = stepPathFor(newDir, movedPath(projectPathFor(doc.dir, step.file_path), from, to));
      if (newFilePath === step.file_path) continue;
      steps[id] = { ...step, file_path: newFilePath };
      changes.push({ pipeline: doc.path, pipelineName: doc.name, uuid: step.uuid, title: step.title, filePath: step.file_path, newFilePath });
    }
    return changes.length ? { doc, newKey, next: { ...doc.pipeline, steps }, changes } : null;
  }

  async function savePlanned(edit: PlannedEdit, pipeline: Pipeline, baseHash: string): Promise<PipelineDocument> {
    const saved = await project.savePipeline(edit.newKey, pipeline, baseHash);
    // The project service keeps its own saves quiet; an open editor must still hear of this one.
    bus.emit('pipeline.changed', { path: saved.path, hash: saved.hash, document: saved });
    return saved;
  }

  async function move(fromRel: string, toRel: string): Promise<FileMoveResult> {
    const from = await target(fromRel, 'source');
    const to = await target(toRel, 'destination');
    if (from.key === to.key) throw new CoreError('INVALID_ARGUMENT', `"${from.key}" is already there.`);
    const stat = await fs.lstat(from.abs);
    if (stat.isDirectory() && isAtOrUnder(to.key, from.key)) throw new CoreError('INVALID_ARGUMENT', `A folder cannot move into itself ("${from.key}" → "${to.key}").`);
    if (await fs.lstat(to.abs).catch(() => null)) throw new CoreError('CONFLICT', `"${to.key}" already exists; nothing was moved or overwritten.`);
    const moved = (project.state()?.files ?? []).filter((f) => isAtOrUnder(f, from.key));

    const { docs, invalid } = await pipelines();
    const edits = docs.map((doc) => plan(doc, from.key, to.key)).filter((e): e is PlannedEdit => e !== null);

    await fs.mkdir(path.dirname(to.abs), { recursive: true });
    try {
      // link() + unlink() for a file would refuse an existing target atomically; rename() over a
      // folder that appeared meanwhile fails unless it is empty. The lstat above covers the rest.
      await fs.rename(from.abs, to.abs);
    } catch (err) {
      if (errCode(err) === 'EXDEV') throw new CoreError('INVALID_ARGUMENT', `"${to.key}" is on another disk than "${from.key}": move it with your file manager.`);
      throw new CoreError('INTERNAL', `"${from.key}" could not be moved: ${message(err)}`);
    }
    project.noteFiles({ removed: [from.key], added: moved.map((f) => movedPath(f, from.key, to.key)) });

    const done: Array<{ edit: PlannedEdit; hash: string }> = [];
    try {
      for (const edit of edits) done.push({ edit, hash: (await savePlanned(edit, edit.next, edit.doc.hash)).hash });
    } catch (err) {
      // Back as it was: the file where it was, and the pipelines already changed restored.
      for (const { edit, hash } of done.reverse()) await savePlanned(edit, edit.doc.pipeline, hash).catch(() => undefined);
      await fs.rename(to.abs, from.abs).catch(() => undefined);
      project.noteFiles({ removed: [to.key], added: moved });
      throw new CoreError('CONFLICT', `"${from.key}" was not moved: a pipeline naming it could not be updated (${message(err)}). Try again.`);
    }
    return { from: from.key, path: to.key, updated: edits.flatMap((e) => e.changes), notUpdated: invalid };
  }

  async function remove(rel: string): Promise<{ deleted: string; missing: StepFileRef[] }> {
    const { key, abs } = await target(rel, 'source');
    const { docs } = await pipelines();
    const missing = docs.flatMap((doc) => stepsAt(doc, key));
    try {
      // A link is removed, never what it points to.
      await fs.rm(abs, { recursive: true, force: false });
    } catch (err) {
      throw new CoreError('INTERNAL', `"${key}" could not be deleted: ${message(err)}`);
    }
    project.noteFiles({ removed: [key] });
    return { deleted: key, missing };
  }

  async function createFolder(rel: string): Promise<{ path: string }> {
    const { key, abs } = await target(rel, 'destination');
    try {
      await fs.mkdir(abs, { recursive: false });
    } catch (err) {
      if (errCode(err) === 'EEXIST') throw new CoreError('CONFLICT', `"${key}" already exists.`);
      if (errCode(err) !== 'ENOENT') throw new CoreError('INTERNAL', `"${key}" could not be created: ${message(err)}`);
      await fs.mkdir(abs, { recursive: true });
    }
    return { path: key };
  }

  async function openInEditor(rel: string, line?: number): Promise<{ command: string }> {
    const root = project.root();
    const abs = project.resolve(rel);
    const key = toApiPath(root, abs);
    if (!(await fs.stat(abs).catch(() => null))) throw new CoreError('NOT_FOUND', `"${key}" does not exist.`);
    const outside = await linkOutside(root, abs);
    if (outside) throw new CoreError('INVALID_ARGUMENT', linkOutsideMessage(key, outside, 'the project folder'));
    const cfg = config.get();
    const template = (cfg.editor || cfg.external_editor).trim();
    if (template) {
      const problem = editorTemplateProblem(template);
      if (problem) throw new CoreError('INVALID_ARGUMENT', `The editor command in ${config.path} cannot be used: ${problem}. Fix "editor" there, e.g. "code -g {file}:{line}".`);
      const argv = editorArgv(template, abs, line);
      await launchDetached(argv, root, `Check "editor" in ${config.path}, e.g. "code -g {file}:{line}".`);
      return { command: formatCommand(argv) };
    }
    if (openPath) {
      const failed = await openPath(abs);
      if (failed) throw new CoreError('INVALID_ARGUMENT', `The system could not open "${key}" (${failed}). Set "editor" in ${config.path}, e.g. "code -g {file}:{line}".`);
      return { command: `the system's default application for ${path.basename(abs)}` };
    }
    const argv = [systemOpener(), abs];
    await launchDetached(argv, root, `No "editor" is set in ${config.path} and the system's opener did not start: set one, e.g. "code -g {file}:{line}".`);
    return { command: formatCommand(argv) };
  }

  return { openInEditor, createFolder, move, remove, usage };
}
