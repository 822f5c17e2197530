import type { Result } from '../../../../main/src/api/contract.js';
import type { Config } from '../../../../main/src/api/config.js';
import type { Pipeline, PipelineDocument, Problem } from '../../../../main/src/api/pipeline.js';
import type { FileTemplate, ProjectState } from '../../../../main/src/api/project.js';
import type { ConnectionState } from '../../client/connection-state.js';
import type { Position, SettingsPatch, StepPatch } from '../editing/pipeline-edits.js';
import type { History } from './history.js';

export type AppInfo = Result<'app.info'>;

/** The pipeline open in the editor, as last read or saved, plus local edits in `pipeline`. */
export interface OpenDocument extends Omit<PipelineDocument, 'pipeline' | 'problems'> {
  /** null: the file does not parse or validate; the editor is read-only and never saves it. */
  pipeline: Pipeline | null;
  problems: Problem[];
}

export interface Selection {
  steps: readonly string[];
  /** Edge ids (see editing/edge-id.ts). */
  edges: readonly string[];
}

export interface Message {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

/** The file changed on disk while the user had unsaved edits; `hash` is the disk version's. */
export interface Conflict {
  path: string;
  hash?: string;
}

export interface EditorActions {
  /** Load app info, config and the open project (if the core already has one). */
  init(): Promise<void>;
  dispose(): void;
  openProject(path: string): Promise<boolean>;
  /** Electron's native folder dialog. */
  pickProject(): Promise<void>;
  openPipeline(path: string): Promise<void>;
  createPipeline(folder: string, name: string): Promise<boolean>;
  /** Create a file from a template; answers its project-relative path, or null on failure. */
  createFile(projectPath: string, template: FileTemplate): Promise<string | null>;

  /** Open a project file (at a line) in the user's editor (config `editor`), else the system's default application. */
  openInEditor(projectPath: string, line?: number): Promise<void>;

  /** Add a step (for a project file, when given) and select it; answers its id. */
  addStep(spec: { position: Position; projectFile?: string }): string | null;
  connect(source: string, target: string): boolean;
  disconnect(source: string, target: string): void;
  deleteSelection(): void;
  /** One undo entry for the whole move (a drag, an auto layout). */
  moveSteps(positions: Readonly<Record<string, Position>>): void;
  /** `typing`: successive edits of the same field of the same step are one undo entry. */
  updateStep(id: string, patch: StepPatch, typing?: boolean): void;
  moveIncoming(id: string, parent: string, delta: -1 | 1): void;
  setPipelineName(name: string): void;
  setPipelineParameters(parameters: Record<string, unknown>): void;
  setPipelineSettings(patch: SettingsPatch): void;
  undo(): void;
  redo(): void;

  setSelection(selection: Partial<Selection>): void;
  selectAll(): void;

  resolveConflict(choice: 'keep' | 'load'): Promise<void>;
  /** Save now if there are unsaved edits (tests, switching pipelines). */
  flushSave(): Promise<void>;
  notify(text: string, tone?: Message['tone']): void;
  dismissMessage(id: number): void;
}

export interface EditorState {
  connection: ConnectionState;
  appInfo: AppInfo | null;
  config: Config | null;
  project: ProjectState | null;
  doc: OpenDocument | null;
  selection: Selection;
  /** Local edits not yet saved. */
  dirty: boolean;
  saving: boolean;
  history: History;
  conflict: Conflict | null;
  messages: readonly Message[];
  actions: EditorActions;
}
