/**
 * What kind of file a step runs, for its card. Interim: main/src/common/step-file-types.ts (the one
 * file-type table, shared with the step runner) replaces this once it is in main; same shape.
 */
export type StepFileKind = 'notebook' | 'python' | 'r' | 'shell' | 'julia' | 'javascript';

const KINDS: ReadonlyArray<{ ext: string; kind: StepFileKind; label: string }> = [
  { ext: '.ipynb', kind: 'notebook', label: 'Notebook' },
  { ext: '.py', kind: 'python', label: 'Python' },
  { ext: '.r', kind: 'r', label: 'R' },
  { ext: '.sh', kind: 'shell', label: 'Shell' },
  { ext: '.jl', kind: 'julia', label: 'Julia' },
  { ext: '.js', kind: 'javascript', label: 'JavaScript' },
];

export function stepFileType(filePath: string): { kind: StepFileKind; label: string } | null {
  const name = filePath.slice(filePath.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot) : '';
  return KINDS.find((k) => k.ext === ext) ?? null;
}
