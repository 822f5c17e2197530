// The file types a step can be. The table lives in resources/runner/step-file-types.json so the
// step runner (run_step.py, inside the container) dispatches on the same rule the app checks and shows.
import table from '../../../resources/runner/step-file-types.json';

export type StepFileKind = 'notebook' | 'python' | 'r' | 'shell' | 'julia' | 'javascript';
export type StepKernelName = 'python' | 'r';
/** Types `file.create` can start from resources/templates/ (the contract's enum; a test keeps it equal to the table). */
export const STEP_FILE_TEMPLATES = ['py', 'ipynb', 'R', 'sh'] as const;
export type StepFileTemplate = (typeof STEP_FILE_TEMPLATES)[number];

export interface StepFileType {
  /** As new files get it, e.g. ".R"; files match it case-insensitively. */
  ext: string;
  kind: StepFileKind;
  /** For people: "Notebook", "Python", "R", … */
  label: string;
  /** What runs the file (the runner appends its path); absent for notebooks, which run in a kernel. */
  command?: readonly string[];
  /** The Debian package that provides `command`. */
  package?: string;
  /** resources/templates/step<ext> exists and `file.create` can start a file of this type. */
  template?: StepFileTemplate;
  /** The kernel a new step of this type gets. */
  kernel?: StepKernelName;
  /** A new file gets mode 0755. */
  executable?: boolean;
}

export const STEP_FILE_TYPES = table.types as readonly StepFileType[];
const KERNEL_DISPLAY_NAMES = table.kernels as Readonly<Record<StepKernelName, string>>;

const byExt = new Map(STEP_FILE_TYPES.map((t) => [t.ext.toLowerCase(), t]));

/** Extensions as the user sees them in messages: ".ipynb, .py, .R, …". */
export const STEP_FILE_EXTENSIONS: readonly string[] = STEP_FILE_TYPES.map((t) => t.ext);

/** The extension of a path's last segment, lower-cased ('' when none; ".bashrc" has none). */
export function extensionOf(filePath: string): string {
  const name = filePath.slice(filePath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The type of a step file, or null when a step cannot run it. */
export function stepFileType(filePath: string): StepFileType | null {
  return byExt.get(extensionOf(filePath)) ?? null;
}

export function isStepFile(filePath: string): boolean {
  return stepFileType(filePath) !== null;
}

/** The type `file.create` makes from a template. */
export function templateFileType(template: StepFileTemplate): StepFileType {
  const found = STEP_FILE_TYPES.find((t) => t.template === template);
  if (!found) throw new Error(`No step file type has the template "${template}".`);
  return found;
}

/** The kernel a new step for this file gets: the type's own, Python otherwise. */
export function kernelForFile(filePath: string): { name: StepKernelName; display_name: string } {
  const name = stepFileType(filePath)?.kernel ?? 'python';
  return { name, display_name: KERNEL_DISPLAY_NAMES[name] };
}
