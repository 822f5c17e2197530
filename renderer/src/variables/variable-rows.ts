/**
 * The variables form as plain data: rows from what the core answered, the inputs `vars.set`
 * takes, and what is wrong with a draft (the name rule is the core's, from main/src/common).
 */
import type { VariableInput, VariableSet } from '../../../main/src/api/variables.js';
import { variableNameProblem } from '../../../main/src/common/env-var-names.js';

export interface VariableRow {
  /** React key; stable while the row is edited. */
  key: string;
  name: string;
  value: string;
  secret: boolean;
  /** A stored secret whose value this page does not have: kept as it is unless a new one is typed. */
  kept: boolean;
  /** Show a secret's value in clear. */
  shown: boolean;
}

let nextKey = 0;
const newKey = () => `v${++nextKey}`;

export function rowsFromSet(set: VariableSet): VariableRow[] {
  return set.variables.map((v) => ({ key: newKey(), name: v.name, value: v.value ?? '', secret: v.secret, kept: v.secret && v.value === undefined, shown: false }));
}

export function emptyRow(): VariableRow {
  return { key: newKey(), name: '', value: '', secret: false, kept: false, shown: false };
}

/** What `vars.set` takes: a kept secret goes without value, so the core keeps the one it has. */
export function rowsToInputs(rows: readonly VariableRow[]): VariableInput[] {
  return rows.map((r) => (r.kept ? { name: r.name, secret: true } : { name: r.name, value: r.value, secret: r.secret }));
}

/** Problems by row key (the first one of each row), for messages beside the fields. */
export function rowProblems(rows: readonly VariableRow[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const seen = new Set<string>();
  for (const r of rows) {
    const problem =
      r.name.trim() !== r.name ? `"${r.name}" has spaces around it.` : (variableNameProblem(r.name) ?? (seen.has(r.name) ? `"${r.name}" is listed twice.` : null));
    if (problem) problems[r.key] = problem;
    seen.add(r.name);
  }
  return problems;
}

/** Has the draft changed from what is stored? */
export function isDirty(rows: readonly VariableRow[], set: VariableSet | null): boolean {
  if (!set) return rows.length > 0;
  return JSON.stringify(rowsToInputs(rows)) !== JSON.stringify(rowsToInputs(rowsFromSet(set)));
}
