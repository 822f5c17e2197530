/**
 * The entry of the CLI bundle (dist/cli/orchest.mjs, run by bin/orchest.js). `orchest --version`
 * answers from here, before the commands and their schemas are even parsed; everything else is
 * main.ts, whose commands load the core only when they run.
 */
import { APP_VERSION } from '../core/version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) process.stdout.write(`${APP_VERSION}\n`);
else await import('./main.js');
