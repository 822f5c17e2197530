/**
 * Issue 8's R acceptance: examples/r-python-mix runs with `orchest run` in a real image with R,
 * IRkernel and reticulate (the orchest/base-kernel-r stand-in scripts/setup-test-env.sh builds
 * offline), its environments' base images aliased to it: a Python step's pandas
 * DataFrame is read in an R script and an R notebook (whose kernelspec is Orchest's
 * orchest-kernel-<uuid>), the R notebook reads a step and a pipeline parameter, and the R steps'
 * data frames are read back in Python as pandas DataFrames.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeEnvironmentImages, requireImage, type RunResult } from '../support/acceptance-images.js';
import { orchest, repoRoot as repo } from '../support/orchest-cli.js';

// The stand-in for Orchest's R image (R, IRkernel, reticulate; pandas added) serves both environments.
const IMAGE = process.env.ORCHEST_TEST_KERNEL_R_IMAGE ?? 'orchest-test-kernel-r:latest';

describe('examples/r-python-mix: R and Python steps passing data frames (Docker)', () => {
  let tmp: string;
  let project: string;
  let pipelineFile: string;
  let home: string;

  beforeAll(async () => {
    await requireImage(IMAGE, '--like orchest/base-kernel-r --packages python3-pandas');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-r-mix-'));
    project = path.join(tmp, 'r-python-mix');
    pipelineFile = path.join(project, 'r-python-mix.orchest');
    home = path.join(tmp, 'home');
    await cp(path.join(repo, 'examples', 'r-python-mix'), project, { recursive: true });
    await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
    const aliases = { 'orchest/base-kernel-py': IMAGE, 'orchest/base-kernel-r': IMAGE };
    await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ image_aliases: aliases }));
  });
  afterAll(async () => {
    if (project) await removeEnvironmentImages(project, home);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  async function run(extra: string[] = []): Promise<{ result: RunResult; log: (title: string) => Promise<string> }> {
    const out = await orchest(['run', pipelineFile, '--json', ...extra], home);
    expect(out.code, out.stderr + out.stdout).toBe(0);
    const result = JSON.parse(out.stdout) as RunResult;
    const log = (title: string) => readFile(result.steps.find((s) => s.title === title)!.log_path, 'utf8');
    return { result, log };
  }

  it('passes a pandas DataFrame to R, and R data frames back to Python; R reads the parameters', async () => {
    const { result, log } = await run();
    expect(result.status).toBe('SUCCESS');
    expect(result.steps.map((s) => [s.title, s.status])).toEqual([
      ['Make data (Python)', 'SUCCESS'],
      ['Summarise (R notebook)', 'SUCCESS'],
      ['Trend (R script)', 'SUCCESS'],
      ['Report (Python)', 'SUCCESS'],
    ]);
    expect(await log('Trend (R script)')).toContain('R got a data.frame of 90 rows');
    const summarised = await log('Summarise (R notebook)');
    expect(summarised).toContain('threshold: 15 °C'); // the step's and the pipeline's parameter
    expect(summarised).toContain('hot cities: Cairo, Lisbon');
    const report = await log('Report (Python)');
    expect(report).toContain('from R: summary is a pandas.core.frame.DataFrame, trend is a pandas.core.frame.DataFrame');
    expect(report).toMatch(/^\s*Oslo\s+6\.052\s+9\.579\s+False$/m);
    expect(report).toContain('rain per extra degree: -0.40 mm');
    expect(report).toContain('R and pandas agree on the means: True');
  }, 600_000);

  it('a changed parameter reaches the R notebook, whose R environment picks IRkernel when neither step nor notebook names a language', async () => {
    const doc = JSON.parse(await readFile(pipelineFile, 'utf8')) as { steps: Record<string, { title: string; parameters: Record<string, unknown>; kernel?: unknown }> };
    const step = Object.values(doc.steps).find((s) => s.title === 'Summarise (R notebook)')!;
    step.parameters.threshold = 20;
    delete step.kernel;
    await writeFile(pipelineFile, JSON.stringify(doc, null, 4));
    // Nor does the notebook name its language: only its kernelspec orchest-kernel-<uuid>, which no image has.
    const notebookFile = path.join(project, 'summarise.ipynb');
    const notebook = JSON.parse(await readFile(notebookFile, 'utf8')) as { metadata: { kernelspec: { language?: string }; language_info?: unknown } };
    delete notebook.metadata.kernelspec.language;
    delete notebook.metadata.language_info;
    await writeFile(notebookFile, JSON.stringify(notebook));
    const { result, log } = await run(['--steps', 'Summarise (R notebook)']);
    expect(result.steps.map((s) => [s.title, s.status])).toEqual([['Summarise (R notebook)', 'SUCCESS']]);
    const summarised = await log('Summarise (R notebook)');
    expect(summarised).toContain('threshold: 20 °C');
    expect(summarised).toContain('hot cities: Cairo \n');
  }, 600_000);
});
