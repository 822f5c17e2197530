import type { Step } from '../api/pipeline.js';

/** Kernel names old Orchest files used for a language, mapped to the language. */
const aliases: Record<string, string> = { ir: 'r', python3: 'python' };

/**
 * The language a step runs in, from `kernel.name` ('python', 'r', 'julia', ...). Old files say
 * 'ir' for R: that is mapped here, in memory only, so the file keeps its own value on save.
 * A step without a kernel is Python, as in Orchest.
 */
export function kernelLanguage(step: Pick<Step, 'kernel'>): string {
  const name = step.kernel?.name?.trim().toLowerCase();
  if (!name) return 'python';
  return aliases[name] ?? name;
}
