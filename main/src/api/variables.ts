import * as z from 'zod';
import { variableNameProblem } from '../common/env-var-names.js';

/** Longest value a variable may hold (it ends up in a container's environment). */
export const MAX_VARIABLE_VALUE = 64 * 1024;
export const MAX_VARIABLES = 500;

export const variableNameSchema = z.string().superRefine((name, ctx) => {
  const problem = variableNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const variableValueSchema = z
  .string()
  .max(MAX_VARIABLE_VALUE, `A value may hold at most ${MAX_VARIABLE_VALUE} characters.`)
  .refine((v) => !v.includes('\0'), 'A value cannot contain a NUL character.');

/** Name -> value, e.g. the `--env` values of one run. (Names checked here: a record's key issue would not say why.) */
export const variableMapSchema = z.record(z.string(), variableValueSchema).superRefine((map, ctx) => {
  for (const name of Object.keys(map)) {
    const problem = variableNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

/**
 * One variable as the core shows it. A secret's `value` is absent unless the caller asked to
 * reveal it: secrets do not travel to clients that only list them.
 */
export const variableSchema = z.object({ name: z.string(), secret: z.boolean(), value: z.string().optional() });
export type Variable = z.infer<typeof variableSchema>;

/** One variable as a client sets it. A secret without `value` keeps the value it has. */
export const variableInputSchema = z.object({
  name: variableNameSchema,
  value: variableValueSchema.optional(),
  secret: z.boolean().default(false),
});
export type VariableInput = z.input<typeof variableInputSchema>;

export const variableListSchema = z
  .array(variableInputSchema)
  .max(MAX_VARIABLES)
  .superRefine((vars, ctx) => {
    const seen = new Set<string>();
    vars.forEach((v, i) => {
      if (seen.has(v.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${v.name}" is listed twice; each variable needs its own name.` });
      seen.add(v.name);
      if (v.value === undefined && !v.secret) ctx.addIssue({ code: 'custom', path: [i, 'value'], message: `"${v.name}" needs a value.` });
    });
  });

/** Which set of variables: the open project's, or one pipeline's (by its path, like elsewhere). */
export const variableScopeSchema = z.object({
  /** Pipeline definition path relative to the project; omitted: the project's variables. */
  pipeline: z.string().min(1).max(4096).optional(),
});

export const variableSetSchema = z.object({
  scope: z.enum(['project', 'pipeline']),
  pipeline: z.string().optional(),
  variables: z.array(variableSchema),
  /** For a pipeline: the project's variables it inherits (secrets without value), to show which it overrides. */
  inherited: z.array(variableSchema).optional(),
  /** Where they are kept (never the project folder), so the UI can say so. */
  storage: z.object({ file: z.string(), secretsEncrypted: z.boolean() }),
});
export type VariableSet = z.infer<typeof variableSetSchema>;
