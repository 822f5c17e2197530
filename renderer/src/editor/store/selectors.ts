import type { Pipeline, Step } from '../../../../main/src/api/pipeline.js';
import { projectPathFor } from '../../../../main/src/common/project-paths.js';
import { isStepFile } from '../../../../main/src/common/step-file-types.js';
import type { EditorState } from './editor-state.js';

export const selectActions = (s: EditorState) => s.actions;
export const selectPipeline = (s: EditorState): Pipeline | null => s.doc?.pipeline ?? null;
export const selectDocPath = (s: EditorState): string | null => s.doc?.path ?? null;
/** An invalid file is shown read-only and never saved. */
export const selectReadOnly = (s: EditorState): boolean => s.doc !== null && s.doc.pipeline === null;
export const selectProblems = (s: EditorState) => s.doc?.problems ?? noProblems;
export const selectSelectedSteps = (s: EditorState) => s.selection.steps;
export const selectSelectedEdges = (s: EditorState) => s.selection.edges;
export const selectCanUndo = (s: EditorState): boolean => s.doc?.pipeline != null && s.history.past.length > 0;
export const selectCanRedo = (s: EditorState): boolean => s.doc?.pipeline != null && s.history.future.length > 0;
export const selectHasSelection = (s: EditorState): boolean => s.selection.steps.length + s.selection.edges.length > 0;

/** The one selected step (the properties panel edits it), or null. */
export const selectSingleStep = (s: EditorState): Step | null => {
  const ids = s.selection.steps;
  return ids.length === 1 ? (s.doc?.pipeline?.steps[ids[0]!] ?? null) : null;
};

const noProblems: never[] = [];

/** Project files a step can run. Memoized on the files array so selectors stay referentially stable. */
let lastFiles: readonly string[] | null = null;
let lastStepFiles: string[] = [];
export const selectStepFiles = (s: EditorState): string[] => {
  const files = s.project?.files ?? null;
  if (files !== lastFiles) {
    lastFiles = files;
    lastStepFiles = (files ?? []).filter(isStepFile);
  }
  return lastStepFiles;
};

/** The project's files as a set, memoized on the files array (steps ask about their file often). */
let lastSetFiles: readonly string[] | null = null;
let lastFileSet: ReadonlySet<string> = new Set();
const selectFileSet = (s: EditorState): ReadonlySet<string> => {
  const files = s.project?.files ?? null;
  if (files !== lastSetFiles) {
    lastSetFiles = files;
    lastFileSet = new Set(files ?? []);
  }
  return lastFileSet;
};

/** A step's file_path names no file of the project (deleted, moved outside the app, never created). */
export const selectFileMissing = (s: EditorState, filePath: string): boolean =>
  filePath !== '' && s.project !== null && s.doc !== null && !selectFileSet(s).has(projectPathFor(s.doc.dir, filePath));
