import { promises as fs } from 'node:fs';
import type { ProjectService } from '../project/project-service.js';

export interface EnvironmentUse {
  pipeline: string;
  pipelineName: string;
  stepId: string;
  stepTitle: string;
}

/** "pipeline › step title", as the user knows them. */
export function describeUse(use: EnvironmentUse): string {
  return `${use.pipelineName || use.pipeline} › ${use.stepTitle || use.stepId}`;
}

/** Every step of every pipeline in the open project whose `environment` is `uuid`. */
export async function findEnvironmentUses(project: ProjectService, uuid: string): Promise<EnvironmentUse[]> {
  const state = project.state();
  if (!state) return [];
  const uses: EnvironmentUse[] = [];
  for (const summary of state.pipelines) {
    let doc;
    try {
      doc = await project.readPipeline(summary.path);
    } catch {
      continue; // unreadable pipeline: the project view reports it; it cannot pin an environment we can see
    }
    const pipeline = doc.pipeline;
    if (!pipeline) {
      // A pipeline that does not parse may still use it: be safe and count a mention of the uuid.
      const raw = await fs.readFile(project.resolve(summary.path), 'utf8').catch(() => '');
      if (raw.includes(uuid)) uses.push({ pipeline: summary.path, pipelineName: summary.name, stepId: '', stepTitle: '(file does not parse; it mentions this environment)' });
      continue;
    }
    for (const step of Object.values(pipeline.steps)) {
      if (step.environment === uuid) {
        uses.push({ pipeline: summary.path, pipelineName: pipeline.name || summary.name, stepId: step.uuid, stepTitle: step.title });
      }
    }
  }
  return uses;
}
