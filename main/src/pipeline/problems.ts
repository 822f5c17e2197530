import type * as z from 'zod';
import type { Problem } from '../api/pipeline.js';
import { isPlainObject } from './json-value.js';

/** "steps.<id>.meta_data.position[0]": the `field` of a Problem. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** How a user would name a step: its title and uuid (or key when the uuid is missing). */
export function stepLabel(rawSteps: unknown, id: string): string {
  const step = isPlainObject(rawSteps) ? rawSteps[id] : undefined;
  const title = isPlainObject(step) && typeof step.title === 'string' && step.title.trim() ? step.title : null;
  return title ? `step "${title}" (${id})` : `step ${id}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (Array.isArray(v) && typeof key === 'number') v = v[key];
    else if (isPlainObject(v) && typeof key === 'string') v = v[key];
    else return undefined;
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

const expectedNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'an array',
  tuple: 'a list [x, y]',
};

/**
 * Turn zod issues about a pipeline definition into Problems naming the step and field, with the
 * value actually found, so a user can fix the file without reading a stack of zod jargon.
 */
export function schemaProblems(error: z.ZodError, raw: unknown): Problem[] {
  const rawSteps = isPlainObject(raw) ? raw.steps : undefined;
  return error.issues.map((issue) => {
    const path = issue.path as PropertyKey[];
    const field = fieldPath(path);
    const stepId = path[0] === 'steps' && typeof path[1] === 'string' ? path[1] : undefined;
    const where = stepId !== undefined ? `${stepLabel(rawSteps, stepId)}: "${fieldPath(path.slice(2)) || 'step'}"` : field ? `field "${field}"` : 'the pipeline';
    const found = valueAt(raw, path);
    let what: string;
    if (issue.code === 'invalid_type') {
      const expected = expectedNames[issue.expected] ?? issue.expected;
      what = found === undefined ? `is missing (expected ${expected})` : `should be ${expected}, found ${typeName(found)}`;
    } else {
      what = `is invalid: ${issue.message}`;
    }
    const message = `${where.charAt(0).toUpperCase()}${where.slice(1)} ${what}.`;
    const problem: Problem = { severity: 'error', message, field };
    if (stepId !== undefined) problem.stepId = stepId;
    return problem;
  });
}

export function countErrors(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === 'error').length;
}

/** One line per problem, for a terminal: "file:line:col: error: message [field]". */
export function formatProblem(problem: Problem, file?: string): string {
  const at = [file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((x) => x !== undefined).join(':');
  const field = problem.field && !problem.message.includes(problem.field) ? ` [${problem.field}]` : '';
  return `${at ? `${at}: ` : ''}${problem.severity}: ${problem.message}${field}`;
}
