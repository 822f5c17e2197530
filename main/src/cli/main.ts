import { Command, CommanderError } from 'commander';
import { CoreError } from '../core/core-error.js';
import { APP_VERSION } from '../core/version.js';
import { CliError, EXIT_FAILED, EXIT_INVALID } from './exit-codes.js';
import { registerArgoCommands } from './commands/argo.js';
import { registerEnginesCommand } from './commands/engines.js';
import { registerEnvCommand } from './commands/env.js';
import { registerImageCommand } from './commands/image.js';
import { registerJobCommand, registerRunsCommand } from './commands/job.js';
import { registerJupyterCommand } from './commands/jupyter.js';
import { registerOutputsCommand } from './commands/outputs.js';
import { registerRunCommand } from './commands/run.js';
import { registerServeCommand } from './commands/serve.js';
import { registerServicesCommand } from './commands/services.js';
import { registerSetupCommand } from './commands/setup.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerVarsCommand } from './commands/vars.js';

export function buildProgram(): Command {
  const program = new Command('orchest')
    .description('Orchest Desktop: build and run data-science pipelines, each step in its own container')
    .version(APP_VERSION, '-v, --version')
    .exitOverride()
    .showHelpAfterError();
  registerSetupCommand(program);
  registerRunCommand(program);
  registerJobCommand(program);
  registerRunsCommand(program);
  registerValidateCommand(program);
  registerEnvCommand(program);
  registerEnginesCommand(program);
  registerVarsCommand(program);
  registerImageCommand(program);
  registerServeCommand(program);
  registerJupyterCommand(program);
  registerOutputsCommand(program);
  registerServicesCommand(program);
  registerArgoCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help / --version exit 0; usage errors exit 2.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_INVALID;
      return;
    }
    if (err instanceof CliError) {
      console.error(`orchest: ${err.message}`);
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof CoreError) {
      console.error(`orchest: ${err.message}`);
      const invalid = err.code === 'INVALID_ARGUMENT' || err.code === 'NOT_FOUND' || err.code === 'INVALID_FILE';
      process.exitCode = invalid ? EXIT_INVALID : EXIT_FAILED;
      return;
    }
    console.error(`orchest: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = EXIT_FAILED;
  }
}

await main(process.argv);
