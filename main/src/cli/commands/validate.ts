import path from 'node:path';
import type { Command } from 'commander';
import type { Problem } from '../../api/pipeline.js';
import { checkPipelinePath } from '../../pipeline/check-file.js';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.js';

export function formatProblem(p: Problem): string {
  const where = [p.stepId ? `step ${p.stepId}` : '', p.field ?? '', p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : '']
    .filter(Boolean)
    .join(', ');
  return `${p.severity}: ${where ? `${where}: ` : ''}${p.message}`;
}

/** `orchest validate PATH`: every problem on its own line; exit 0 when valid, 2 when not. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check a pipeline (folder, pipeline.json or *.orchest file) and print every problem')
    .argument('<path>', 'pipeline folder, pipeline.json or *.orchest file')
    .action(async (target: string) => {
      const checked = await checkPipelinePath(path.resolve(target));
      const errors = checked.problems.filter((p) => p.severity === 'error');
      for (const p of checked.problems) console.log(`${checked.file}: ${formatProblem(p)}`);
      const warnings = checked.problems.length - errors.length;
      console.log(
        errors.length === 0
          ? `${checked.file}: valid (${warnings} warning${warnings === 1 ? '' : 's'})`
          : `${checked.file}: ${errors.length} error${errors.length === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
      );
      process.exitCode = errors.length === 0 ? EXIT_OK : EXIT_INVALID;
    });
}
