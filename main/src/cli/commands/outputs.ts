import path from 'node:path';
import type { Command } from 'commander';
import type { StepOutputs, ValueSummary } from '../../api/outputs.js';
import { cellText, outputName, receiverText, valueFacts } from '../../common/output-text.js';
import { CoreError } from '../../core/core-error.js';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { request } from '../../core/request.js';
import { checkPipelinePath } from '../../pipeline/check-file.js';
import { defaultCreateCore, type CommandContext } from '../command-context.js';
import { CliError, EXIT_FAILED, EXIT_INVALID, EXIT_OK } from '../exit-codes.js';
import { findProjectRoot, resolveStepNames } from './run.js';

const MAX_CELL_WIDTH = 24;

/** The first rows as aligned text columns. */
function tableLines(v: ValueSummary, indent: string): string[] {
  if (!v.head || !v.columns) return [];
  const index = v.index ? [cellText(v.index.name) === 'None' ? '' : cellText(v.index.name), ...v.index.head.map(cellText)] : null;
  const cols = v.columns.map((c, i) => [cellText(c.name), ...v.head!.rows.map((r) => cellText(r[i] ?? null))]);
  const all = (index ? [index, ...cols] : cols).map((col) => col.map((t) => (t.length > MAX_CELL_WIDTH ? `${t.slice(0, MAX_CELL_WIDTH - 1)}…` : t)));
  const widths = all.map((col) => Math.max(...col.map((t) => t.length)));
  const rows = (all[0] ?? []).map((_, r) => all.map((col, c) => col[r]!.padEnd(widths[c]!)).join('  ').trimEnd());
  const more = [v.head.truncated ? `${indent}… ${(v.shape?.[0] ?? 0) - v.head.rows.length} more rows` : '', v.columnsTruncated ? `${indent}… more columns than shown` : ''].filter(Boolean);
  return [...rows.map((r) => `${indent}${r}`), ...more];
}

function valueLines(v: ValueSummary, indent: string): string[] {
  const lines: string[] = [];
  if (v.columns && (v.kind === 'dataframe' || v.kind === 'series')) lines.push(`${indent}dtypes: ${v.columns.map((c) => `${cellText(c.name)} ${c.dtype}`).join(', ')}${v.columnsTruncated ? ', …' : ''}`);
  lines.push(...tableLines(v, indent));
  if (v.value !== undefined) lines.push(`${indent}${v.kind === 'text' ? JSON.stringify(v.value) : cellText(v.value)}${v.truncated ? ' …' : ''}`);
  if (v.text) lines.push(...v.text.split('\n').map((l) => `${indent}${l}`));
  if (v.thumbnail) lines.push(`${indent}thumbnail ${v.thumbnail.file} (${v.thumbnail.width ?? '?'} × ${v.thumbnail.height ?? '?'} px)`);
  for (const note of [v.note, v.error]) if (note) lines.push(`${indent}${note}`);
  return lines;
}

/** What `orchest outputs` prints for each step. */
export function formatStepOutputs(steps: StepOutputs[]): string {
  const blocks = steps.map((s) => {
    const lines = [`${s.title || s.stepId} (${s.stepId}) — ${s.state}: ${s.message}`];
    for (const o of s.outputs) {
      lines.push(`  ${outputName(o)}: ${valueFacts(o, o.storedBytes)}`);
      lines.push(...valueLines(o, '    '));
      for (const e of o.entries ?? []) {
        lines.push(`    [${JSON.stringify(e.key)}] ${valueFacts(e.summary)}`);
        lines.push(...valueLines(e.summary, '      '));
      }
    }
    for (const r of s.receivers) lines.push(`  → ${receiverText(r)}${r.collision ? ` (${r.collision})` : ''}`);
    return lines.join('\n');
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : 'The pipeline has no steps.\n';
}

/** `orchest outputs PIPELINE [STEP]`: what each step produced in the last run, from the summaries the SDK wrote. */
export function registerOutputsCommand(program: Command, ctx: CommandContext = {}): Command {
  return program
    .command('outputs')
    .description("show what a pipeline's steps produced in the last run: name, type, size, shape, dtypes, first rows")
    .argument('<pipeline>', 'pipeline folder, .orchest/pipeline.json or *.orchest file')
    .argument('[step]', 'one step (uuid or title); default: every step')
    .option('--json', 'print the summaries as JSON')
    .action(async (target: string, step: string | undefined, opts: { json?: boolean }) => {
      const code = await outputsCommand(target, step, opts.json === true, ctx);
      (ctx.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    });
}

async function outputsCommand(target: string, step: string | undefined, json: boolean, ctx: CommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  try {
    const checked = await checkPipelinePath(path.resolve(target));
    const root = findProjectRoot(checked.file, checked.layout, checked.dir);
    const pipeline = path.relative(root, checked.file).split(path.sep).join('/');
    const core = await (ctx.createCore ?? defaultCreateCore)({ configDir: ctx.configDir ?? defaultConfigDir(), dataDir: ctx.dataDir ?? defaultDataDir(), mode: 'web', projectDir: root, watchProject: false });
    try {
      let stepId: string | undefined;
      if (step !== undefined) {
        const doc = await request(core, 'pipeline.read', { path: pipeline });
        if (!doc.pipeline) throw new CoreError('INVALID_FILE', `${checked.file} is invalid: ${doc.problems.map((p) => p.message).join('; ')}`);
        stepId = resolveStepNames(doc.pipeline, [step])[0];
      }
      const steps = await request(core, 'outputs.list', { pipeline, ...(stepId ? { stepId } : {}) });
      out.write(json ? `${JSON.stringify(steps, null, 2)}\n` : formatStepOutputs(steps));
      return EXIT_OK;
    } finally {
      await core.dispose().catch(() => undefined);
    }
  } catch (e) {
    err.write(`orchest outputs: ${e instanceof Error ? e.message : String(e)}\n`);
    if (e instanceof CliError) return e.exitCode;
    return e instanceof CoreError && (e.code === 'INVALID_ARGUMENT' || e.code === 'NOT_FOUND' || e.code === 'INVALID_FILE') ? EXIT_INVALID : EXIT_FAILED;
  }
}
