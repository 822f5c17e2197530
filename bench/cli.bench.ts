/**
 * Cold start of the `orchest` command (bin/orchest.js running the bundle, a new process each time)
 * vs `node -e 0`, both spawned the same way: paired rounds, taking turns going first; medians.
 *   npm run bench -- cli     (BENCH_ROUNDS, default 15)
 */
import { pairedRounds, printPaired, timeCli, timeProcess } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

export async function cliBench(): Promise<void> {
  console.log(`cli start-up, ${ROUNDS} rounds each (after a warm-up)`);
  const node = () => timeProcess(process.execPath, ['-e', '0']);
  printPaired('1. `orchest --version` vs `node -e 0` (median)', await pairedRounds(ROUNDS, () => timeCli(['--version']), node), '≤ 3×');
  printPaired('2. `orchest --help` vs `node -e 0` (median)', await pairedRounds(ROUNDS, () => timeCli(['--help']), node), 'reported');
}
