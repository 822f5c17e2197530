/**
 * Starting a run whose steps use an already-built environment vs the same steps on a plain image.
 *   npm run bench -- env
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EnvironmentInfo } from '../main/src/api/environments.js';
import { benchCore, benchImage, makePipelineProject, median, printRatio, timeRun } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export async function environmentBench(): Promise<void> {
  const steps = Array.from({ length: 4 }, (_, i) => ({ uuid: `e${i}`, title: `step ${i}`, file: `e${i}.py`, source: 'pass\n', parents: i ? [`e${i - 1}`] : [] }));
  const { root, pipeline } = await makePipelineProject(steps);
  const core = await benchCore(root);
  try {
    const saved = await core.call('env.save', { env: { name: 'bench', language: 'python', base_image: benchImage, setup_script: 'echo ready > /etc/bench-env\n' } });
    if (saved.error) throw new Error(saved.error.message);
    const env = saved.result as EnvironmentInfo;
    const built = (await core.call('env.build', { uuid: env.uuid })).result as EnvironmentInfo;
    if (built.build.status !== 'SUCCESS') throw new Error(`environment build ${built.build.status}: ${built.build.message ?? ''}`);

    // Same steps, once through the environment, once on the plain image.
    const file = path.join(root, pipeline);
    const plain = JSON.parse(await readFile(file, 'utf8'));
    const withEnv = structuredClone(plain);
    for (const s of Object.values(withEnv.steps) as Record<string, unknown>[]) {
      delete s.image;
      s.environment = env.uuid;
    }
    const envPipelineDir = path.join(root, 'q', '.orchest');
    await mkdir(envPipelineDir, { recursive: true });
    withEnv.uuid = plain.uuid + '-env';
    await writeFile(path.join(envPipelineDir, 'pipeline.json'), JSON.stringify(withEnv, null, 4));
    for (const s of steps) await writeFile(path.join(root, 'q', s.file), s.source);

    await timeRun(core, { pipeline, kind: 'full' });
    await timeRun(core, { pipeline: 'q/.orchest/pipeline.json', kind: 'full' });
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      ours.push((await timeRun(core, { pipeline: 'q/.orchest/pipeline.json', kind: 'full' })).ms);
      base.push((await timeRun(core, { pipeline, kind: 'full' })).ms);
    }
    printRatio('4. run of 4 chained steps on a built environment vs on a plain image (median)', median(ours), median(base), '≤ 1.02×');
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
}
