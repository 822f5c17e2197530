import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { StepResources } from '../runs/resources.js';

/**
 * The SDK and the step runner as files for the run's folder on the volume (path under it → text):
 * what a local run mounts read-only from resources/. Only their sources, no caches.
 */
export async function readRuntimeFiles(resources: StepResources): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const add = async (dir: string, under: string, keep: (name: string) => boolean) => {
    for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isFile() && keep(entry.name)) files[`${under}/${entry.name}`] = await fs.readFile(path.join(dir, entry.name), 'utf8');
    }
  };
  await add(path.join(resources.sdkDir, 'orchest'), 'sdk/orchest', (n) => n.endsWith('.py'));
  await add(resources.runnerDir, 'runner', (n) => n.endsWith('.py') || n.endsWith('.json'));
  return files;
}
