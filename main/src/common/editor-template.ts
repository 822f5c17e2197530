/**
 * The `editor` config setting: a command template such as `code -g {file}:{line}` or
 * `"/opt/My Editor/bin/ed" +{line} {file}`. It is split into words here (quotes and backslashes
 * as a shell would, nothing expanded) and run without a shell, so a file name with spaces, quotes
 * or `$(…)` reaches the editor as one argument, unchanged. Pure: the config schema uses it too.
 */

import { splitShellWords } from './shell-words.js';

export const EDITOR_PLACEHOLDERS = ['{file}', '{line}'] as const;

export type SplitResult = { words: string[] } | { error: string };

/** The template's words (shell-words.ts: quotes and backslashes as a shell reads them, nothing expanded). */
export function splitCommandLine(command: string): SplitResult {
  try {
    return { words: splitShellWords(command) };
  } catch (err) {
    return { error: `it ${(err as Error).message}` };
  }
}

/** Why a template cannot be used, or null. '' is fine: it means the system's default application. */
export function editorTemplateProblem(template: string): string | null {
  if (template.trim() === '') return null;
  const split = splitCommandLine(template);
  if ('error' in split) return split.error;
  if (split.words[0]!.includes('{')) return 'it must start with the editor program, not a placeholder';
  const unknown = split.words.flatMap((w) => w.match(/\{[a-z_]+\}/g) ?? []).find((p) => !(EDITOR_PLACEHOLDERS as readonly string[]).includes(p));
  return unknown ? `${unknown} is not a placeholder (use {file} and {line})` : null;
}

/**
 * argv opening `file` at `line`: {file} and {line} replaced in every word; without {file} the
 * file is appended as the last argument. {line} is 1 when no line is asked for.
 */
export function editorArgv(template: string, file: string, line?: number): string[] {
  const split = splitCommandLine(template);
  if ('error' in split) throw new Error(`The editor command cannot be used: ${split.error} (${template})`);
  const lineText = String(line ?? 1);
  // One pass per word, so a file name containing "{line}" is not substituted again.
  const fill = (w: string) => w.replace(/\{file\}|\{line\}/g, (p) => (p === '{file}' ? file : lineText));
  const argv = split.words.map(fill);
  return split.words.some((w) => w.includes('{file}')) ? argv : [...argv, file];
}

/** A command line a user could paste into a shell, for showing what was run. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
