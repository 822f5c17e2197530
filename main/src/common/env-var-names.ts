/**
 * The rule for names of user environment variables (project, pipeline, `orchest run --env`):
 * shared by the contract's schemas and the UI's inline checks.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const RESERVED_PREFIX = 'ORCHEST_';
export const MAX_NAME_LENGTH = 256;

/** Why `name` cannot be a variable's name, or null when it can. */
export function variableNameProblem(name: string): string | null {
  if (!name) return 'A variable needs a name.';
  if (name.length > MAX_NAME_LENGTH) return `The name "${name.slice(0, 40)}…" is longer than ${MAX_NAME_LENGTH} characters.`;
  if (!NAME.test(name)) return `"${name}" is not a valid variable name: use letters, digits and _, not starting with a digit.`;
  // Case-insensitive: the app sets ORCHEST_* for the SDK, and a look-alike only confuses.
  if (name.toUpperCase().startsWith(RESERVED_PREFIX)) return `"${name}" is reserved: names starting with ${RESERVED_PREFIX} are set by Orchest for every step. Choose another name.`;
  return null;
}
