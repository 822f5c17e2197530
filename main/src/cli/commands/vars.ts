import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { VariableInput, VariableSet } from '../../api/variables.js';
import { variableNameProblem } from '../../common/env-var-names.js';
import { CoreError } from '../../core/core-error.js';
import type { Core } from '../../core/core.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { request } from '../../core/request.js';
import { checkPipelinePath } from '../../pipeline/check-file.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { parseEnvOptions } from './run.js';

export interface VarsCommandContext extends CommandContext {
  /** Where a secret's value is read from when only its name is given (default: stdin). */
  readSecret?: (name: string) => Promise<string>;
}

interface ScopeOptions {
  pipeline?: string;
}

/** The `vars list` table: a secret's value shows as *** unless revealed. */
export function formatVariables(set: VariableSet): string {
  const where = set.scope === 'pipeline' ? `pipeline ${set.pipeline}` : 'the project';
  const lines = set.variables.map((v) => `${v.name}=${v.value ?? '***'}${v.secret ? '  (secret)' : ''}`);
  const head = set.variables.length ? '' : `No variables for ${where}.\n`;
  return `${head}${lines.map((l) => `${l}\n`).join('')}`;
}

/** The scope's `pipeline` as the contract names it: project-relative, also from a path or folder given on the command line. */
async function pipelineArg(root: string, given: string | undefined): Promise<string | undefined> {
  if (!given) return undefined;
  const abs = path.resolve(given);
  if (!existsSync(abs)) return given.split(path.sep).join('/');
  const { file } = await checkPipelinePath(abs);
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new CliError(`${file} is not inside the project ${root}`, EXIT_INVALID);
  return rel.split(path.sep).join('/');
}

async function withProject<T>(target: string, ctx: CommandContext, fn: (core: Core, root: string) => Promise<T>): Promise<T> {
  const root = path.resolve(target);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new CliError(`${root} is not a folder (give the project folder)`, EXIT_INVALID);
  const core = await (ctx.createCore ?? defaultCreateCore)({ configDir: ctx.configDir ?? defaultConfigDir(), dataDir: ctx.dataDir ?? defaultDataDir(), mode: 'web', projectDir: root });
  try {
    return await fn(core, root);
  } finally {
    await core.dispose().catch(() => undefined);
  }
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** The current variables as `vars.set` inputs (kept secrets without value), with `change` applied. */
function changed(set: VariableSet, change: (inputs: VariableInput[]) => VariableInput[]): VariableInput[] {
  return change(set.variables.map((v) => (v.secret && v.value === undefined ? { name: v.name, secret: true } : { name: v.name, value: v.value ?? '', secret: v.secret })));
}

async function varsCommand(verb: string, ctx: VarsCommandContext, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return EXIT_OK;
  } catch (e) {
    (ctx.stderr ?? process.stderr).write(`orchest vars ${verb}: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof CliError) return e.exitCode;
    if (e instanceof CoreError) return e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND' || e.code === 'INVALID_FILE' ? EXIT_INVALID : EXIT_FAILED;
    return EXIT_FAILED;
  }
}

/** `orchest vars list|set|unset PROJECT …`: the project's (or a pipeline's) environment variables, as in Project settings. */
export function registerVarsCommand(program: Command, ctx: VarsCommandContext = {}): Command {
  const setExit = ctx.setExitCode ?? ((c: number) => (process.exitCode = c));
  const out = () => ctx.stdout ?? process.stdout;
  const vars = program.command('vars').description("a project's environment variables (kept outside the project); --pipeline for one pipeline's");
  vars
    .command('list')
    .description('show the variables (secrets as *** unless --reveal)')
    .argument('<project>', 'project folder')
    .option('--pipeline <pipeline>', "the pipeline's own variables (its file or folder, or its path in the project)")
    .option('--reveal', 'show secret values')
    .option('--json', 'print them as JSON')
    .action(async (target: string, raw: ScopeOptions & { reveal?: boolean; json?: boolean }) =>
      setExit(
        await varsCommand('list', ctx, () =>
          withProject(target, ctx, async (core, root) => {
            const pipeline = await pipelineArg(root, raw.pipeline);
            const set = await request(core, 'vars.get', { ...(pipeline ? { pipeline } : {}), reveal: raw.reveal === true });
            out().write(raw.json ? `${JSON.stringify(set, null, 2)}\n` : formatVariables(set));
          }),
        ),
      ),
    );
  vars
    .command('set')
    .description('set variables (NAME=VALUE); with --secret, a NAME alone reads its value from stdin (kept out of shell history)')
    .argument('<project>', 'project folder')
    .argument('<assignments...>', 'NAME=VALUE, or NAME with --secret')
    .option('--pipeline <pipeline>', "set the pipeline's own variables")
    .option('--secret', 'mark them secret: masked in the UI and as *** in step logs')
    .action(async (target: string, assignments: string[], raw: ScopeOptions & { secret?: boolean }) =>
      setExit(
        await varsCommand('set', ctx, () =>
          withProject(target, ctx, async (core, root) => {
            const pipeline = await pipelineArg(root, raw.pipeline);
            const values: Record<string, string> = {};
            for (const a of assignments) {
              if (!a.includes('=') && raw.secret && !variableNameProblem(a)) values[a] = await (ctx.readSecret ?? readStdinLine)(a);
              else Object.assign(values, parseEnvOptions([a]));
            }
            const scope = pipeline ? { pipeline } : {};
            const current = await request(core, 'vars.get', scope);
            // Replaced ones where they were (a secret stays secret), new ones at the end.
            const variables = changed(current, (inputs) => [
              ...inputs.map((v) => (Object.hasOwn(values, v.name) ? { name: v.name, value: values[v.name]!, secret: raw.secret === true || v.secret === true } : v)),
              ...Object.entries(values)
                .filter(([name]) => !inputs.some((v) => v.name === name))
                .map(([name, value]) => ({ name, value, secret: raw.secret === true })),
            ]);
            const saved = await request(core, 'vars.set', { ...scope, variables });
            (ctx.stderr ?? process.stderr).write(`orchest vars set: ${Object.keys(values).join(', ')} saved in ${saved.storage.file}\n`);
          }),
        ),
      ),
    );
  vars
    .command('unset')
    .description('remove variables')
    .argument('<project>', 'project folder')
    .argument('<names...>', 'variable names')
    .option('--pipeline <pipeline>', "remove from the pipeline's own variables")
    .action(async (target: string, names: string[], raw: ScopeOptions) =>
      setExit(
        await varsCommand('unset', ctx, () =>
          withProject(target, ctx, async (core, root) => {
            const pipeline = await pipelineArg(root, raw.pipeline);
            const scope = pipeline ? { pipeline } : {};
            const current = await request(core, 'vars.get', scope);
            const unknown = names.filter((n) => !current.variables.some((v) => v.name === n));
            if (unknown.length) throw new CliError(`no variable ${unknown.join(', ')} here; there are: ${current.variables.map((v) => v.name).join(', ') || 'none'}`, EXIT_INVALID);
            await request(core, 'vars.set', { ...scope, variables: changed(current, (inputs) => inputs.filter((v) => !names.includes(v.name))) });
          }),
        ),
      ),
    );
  return vars;
}
