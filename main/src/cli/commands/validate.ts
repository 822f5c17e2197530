import path from 'node:path';
import type { Command } from 'commander';
import { checkPipelinePath } from '../../pipeline/check-file.js';
import { formatProblem } from '../../pipeline/problems.js';
import { EXIT_INVALID, EXIT_OK } from '../exit-codes.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `orchest validate PATH`: every problem on its own line; exit 0 when valid, 2 when not. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check a pipeline (folder, pipeline.json or *.orchest file) and print every problem')
    .argument('<path>', 'pipeline folder, pipeline.json or *.orchest file')
    .action(async (target: string) => {
      const checked = await checkPipelinePath(path.resolve(target));
      for (const p of checked.problems) console.log(formatProblem(p, checked.file));
      const errors = checked.problems.filter((p) => p.severity === 'error').length;
      const warnings = plural(checked.problems.length - errors, 'warning');
      console.log(errors === 0 ? `${checked.file}: valid (${warnings})` : `${checked.file}: ${plural(errors, 'error')}, ${warnings}`);
      process.exitCode = errors === 0 ? EXIT_OK : EXIT_INVALID;
    });
}
