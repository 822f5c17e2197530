/**
 * Files named in a log line, to link them to the user's editor: Python tracebacks
 * (`File "/project-dir/x.py", line 12` and IPython's `File /project-dir/x.py:12`) and
 * `/project-dir/x.py:12` anywhere. Pure.
 */
import { projectPathFor } from '../../../main/src/common/project-paths.js';

export interface FileRef {
  /** Offsets in the text: the part to show as a link. */
  start: number;
  end: number;
  /** The path as the log says it. */
  file: string;
  line: number;
}

const PATTERNS: readonly RegExp[] = [
  /File "([^"]+)", line (\d+)/g,
  /File ((?:\/|\.{1,2}\/)?[^\s:"',()]+\.[A-Za-z0-9]+):(\d+)/g,
  /(\/project-dir\/[^\s:"',()]+):(\d+)/g,
];

export function fileRefs(text: string): FileRef[] {
  const refs: FileRef[] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (refs.some((r) => start < r.end && r.start < end)) continue; // one link per place
      refs.push({ start, end, file: m[1]!, line: Number(m[2]) });
    }
  }
  return refs.sort((a, b) => a.start - b.start);
}

/** Where a step's process sees the project: the container mount, or the folder itself (local runner). */
export interface StepPaths {
  /** Absolute path of the project on this machine. */
  root: string;
  /** The pipeline's folder, project-relative: a step's working directory. */
  pipelineDir: string;
}

const insideProject = (rel: string) => (rel === '' || rel === '..' || rel.startsWith('../') ? null : rel);

/** The project-relative path of a file a log names, or null when it is outside the project (the standard library, site-packages…). */
export function projectFileOf(file: string, where: StepPaths): string | null {
  const inside = (abs: string, base: string) => (abs.startsWith(`${base.replace(/\/+$/, '')}/`) ? abs.slice(base.replace(/\/+$/, '').length + 1) : null);
  if (file.startsWith('/')) {
    const rel = inside(file, '/project-dir') ?? inside(file, where.root);
    return rel === null ? null : insideProject(projectPathFor('', rel));
  }
  return insideProject(projectPathFor(where.pipelineDir, file));
}
