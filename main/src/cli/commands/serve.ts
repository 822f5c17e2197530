import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { defaultConfigDir, defaultDataDir } from '../../core/paths.js';
import { request } from '../../core/request.js';
import { rendererDistDir } from '../../core/resources.js';
import { CliError } from '../exit-codes.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a number from 0 to 65535, not "${value}"`);
  return port;
}

/** `orchest serve [PROJECT_DIR] [--port N]`: the UI for a browser on 127.0.0.1, behind a token. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the editor to a browser on 127.0.0.1 (prints the URL with its access token)')
    .argument('[project]', 'project folder to open')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', parsePort, 8765)
    .action(async (project: string | undefined, opts: { port: number }) => {
      const projectDir = project ? path.resolve(project) : undefined;
      if (projectDir && !(existsSync(projectDir) && statSync(projectDir).isDirectory())) {
        throw new CliError(`Project folder not found: ${projectDir}`);
      }
      const rendererDist = rendererDistDir();
      if (!existsSync(path.join(rendererDist, 'index.html'))) {
        throw new CliError(`The UI is not built (${rendererDist} is missing): run \`npm run build\` first.`);
      }
      // Loaded on use, like every command's core: `orchest --help` loads neither.
      const [{ createCore }, { startBridge }] = await Promise.all([import('../../core/core.js'), import('../../bridge/server.js')]);
      const core = await createCore({ configDir: defaultConfigDir(), dataDir: defaultDataDir(), mode: 'web', projectDir });
      let bridge;
      try {
        bridge = await startBridge({ core, staticDir: rendererDist, port: opts.port });
      } catch (err) {
        await core.dispose();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new CliError(`Port ${opts.port} is in use: pick another with --port N (0 = any free port).`, 1);
        throw err;
      }
      for (const notice of (await request(core, 'app.info', {})).notices) console.error(`warning: ${notice.message}`);
      // One line holding the URL: scripts and the start command read it.
      console.log(`Orchest Desktop: open ${bridge.url}`);
      const stop = async () => {
        await bridge.close();
        await core.dispose();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
