/** Images and results of acceptance tests that run the CLI against the real engine. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { orchest } from './orchest-cli.js';

const execFileP = promisify(execFile);

/** Fails (never skips) with the command that builds the image when Docker lacks it. */
export async function requireImage(image: string, buildOptions: string): Promise<void> {
  try {
    await execFileP('docker', ['image', 'inspect', image]);
  } catch {
    throw new Error(`The image ${image} is missing (or Docker is not running). Build it with: node bin/orchest.js image build-offline ${image} ${buildOptions}`);
  }
}

/** Remove the environment images a temp project built: each temp project gets its own tags. */
export async function removeEnvironmentImages(project: string, home: string): Promise<void> {
  const listed = await orchest(['env', 'list', project, '--json'], home);
  const images = (JSON.parse(listed.stdout || '[]') as { image: string }[]).map((e) => e.image);
  if (images.length) await execFileP('docker', ['image', 'rm', '-f', ...images]).catch(() => undefined);
}

/** What `orchest run --json` prints. */
export interface RunResult {
  status: string;
  steps: { title: string; status: string; log_path: string }[];
}
