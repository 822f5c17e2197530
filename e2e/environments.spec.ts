/**
 * Environments in Debian's Chromium against `orchest serve` and the real Docker engine: build one
 * from the UI, run a step in its image, the rules around deleting one, and an environment that
 * is out of date after a project file its setup script uses changed.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnvironmentsPage } from './pages/environments.js';
import { expect, makeProject, test } from './support/fixtures.js';
import { removeDir } from './support/serve.js';

const BASE_IMAGE = process.env.ORCHEST_TEST_IMAGE ?? 'orchest-test-py:latest';
const STEP_ID = 'a0e1b2c3-0000-4000-8000-00000000e5e5';

/** Prints what the environment's setup script wrote into its image: only that image has the file. */
const ENV_STEP = `with open('/etc/orchest-env-marker') as f:\n    print('marker says:', f.read().strip())\n`;

function envProject(extra: Record<string, string> = {}) {
  return makeProject([{ folder: 'env-pipeline', name: 'Env pipeline', steps: { [STEP_ID]: { title: 'Env step', file: 'env_step.py' } } }], {
    'env-pipeline/env_step.py': ENV_STEP,
    ...extra,
  });
}

const pipelineFile = (project: string) => path.join(project, 'env-pipeline', '.orchest', 'pipeline.json');

/** The images the test's environments built (labelled by the core), removed with the project. */
async function cleanUp(project: string): Promise<void> {
  const uuids = await readdir(path.join(project, '.orchest', 'environments')).catch(() => [] as string[]);
  for (const uuid of uuids) {
    try {
      const ids = execFileSync('docker', ['images', '-q', '--filter', `label=orchest.environment=${uuid}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
      if (ids.length) execFileSync('docker', ['rmi', '-f', ...new Set(ids)], { stdio: 'ignore' });
    } catch {
      // Docker gone or the image in use: nothing more to do here.
    }
  }
  await removeDir(project);
}

test('create and build an environment, then run a step in its image', async ({ page, openApp }) => {
  test.setTimeout(8 * 60_000);
  const project = await envProject();
  try {
    const { editor } = await openApp(project);
    await expect(editor.step('Env step')).toBeVisible();
    const envs = new EnvironmentsPage(page);
    await envs.open();
    await expect(page.getByText(/No environments yet/)).toBeVisible();

    // The brief's script, and a pause so the running build can be watched.
    await envs.create({ name: 'Marker env', baseImage: BASE_IMAGE, language: 'python', setupScript: 'echo built-by-orchest > /etc/orchest-env-marker\nsleep 3\n' });
    await expect(envs.row('Marker env')).toContainText('NONE');
    await expect(envs.row('Marker env')).toContainText('Default');
    const stored = await readdir(path.join(project, '.orchest', 'environments'));
    expect(stored).toHaveLength(1);
    expect(await readFile(path.join(project, '.orchest', 'environments', stored[0]!, 'setup_script.sh'), 'utf8')).toContain('built-by-orchest');

    await envs.button('Build').click();
    await expect(envs.state).toHaveText('BUILDING', { timeout: 60_000 });
    await expect(envs.progress).toBeVisible();
    await expect(envs.button('Cancel build')).toBeEnabled();
    await expect(envs.log).toContainText('Building environment "Marker env"');
    await expect(envs.log).toContainText(`Base image: ${BASE_IMAGE}`);
    await expect(envs.log).toContainText('bash /orchest/setup_script.sh', { timeout: 60_000 });
    await expect(envs.state).toHaveText('SUCCESS', { timeout: 5 * 60_000 });
    await expect(envs.progress).toHaveCount(0);
    await expect(envs.log).toContainText('Built ');
    await expect(envs.button('Cancel build')).toBeDisabled();
    const row = envs.row('Marker env');
    await expect(row).toContainText('SUCCESS');
    await expect(row).toContainText('just now');
    await expect(row).toContainText(/\d+(\.\d)? MB/);

    // Building again with the same recipe has nothing to do, and says so.
    await envs.button('Build').click();
    await expect(page.getByText('Already built', { exact: false })).toBeVisible();

    // Back in the editor: the step picks the environment by name.
    await envs.backToPipelines();
    await editor.step('Env step').click();
    const select = page.getByLabel('Environment', { exact: true });
    await expect(select.getByRole('option')).toHaveText(['— none (image / default) —', 'Marker env']);
    await select.selectOption({ label: 'Marker env' });
    await editor.waitSaved();
    await expect.poll(async () => JSON.parse(await readFile(pipelineFile(project), 'utf8')).steps[STEP_ID].environment).toBe(stored[0]);

    // Run it (the run controls live in the toolbar); its log proves which image ran it.
    const runAll = editor.button('Run all');
    await expect(runAll).toBeEnabled({ timeout: 30_000 });
    await runAll.click();
    const status = editor.step('Env step').getByTestId('step-status');
    await expect(status).toHaveAttribute('data-status', 'SUCCESS', { timeout: 3 * 60_000 });
    await editor.step('Env step').click();
    await expect(page.getByRole('log', { name: 'Step log', exact: true })).toContainText('marker says: built-by-orchest');
  } finally {
    await cleanUp(project);
  }
});

test('deleting an environment a step uses is refused, naming the step; duplicate, default and delete', async ({ page, openApp }) => {
  const envUuid = 'e2e-used-env';
  const project = await envProject({
    [`.orchest/environments/${envUuid}/properties.json`]: JSON.stringify({ name: 'Used env', uuid: envUuid, language: 'python', base_image: BASE_IMAGE, gpu_support: false }, null, 4),
    [`.orchest/environments/${envUuid}/setup_script.sh`]: 'echo hi\n',
  });
  try {
    // The pipeline's step already names the environment, as in an existing Orchest project.
    const file = pipelineFile(project);
    const def = JSON.parse(await readFile(file, 'utf8'));
    def.steps[STEP_ID].environment = envUuid;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(def, null, 4));

    const { editor } = await openApp(project);
    await expect(editor.step('Env step')).toBeVisible();
    await editor.step('Env step').click();
    await expect(page.getByLabel('Environment', { exact: true })).toHaveValue(envUuid);

    const envs = new EnvironmentsPage(page);
    await envs.open();
    await envs.select('Used env');
    await expect(envs.field('Setup script')).toHaveValue('echo hi\n');
    await envs.delete();
    await expect(envs.error).toContainText('Environment "Used env" is used by a step');
    await expect(envs.error).toContainText('Env pipeline › Env step');
    await expect(envs.row('Used env')).toBeVisible();
    expect((await readdir(path.join(project, '.orchest', 'environments'))).sort()).toEqual([envUuid]);

    // A copy nobody uses: it can become the default, and it can go.
    await envs.button('Duplicate').click();
    await expect(envs.form.getByRole('heading', { name: 'Used env (copy)', exact: true })).toBeVisible();
    await expect(envs.row('Used env')).toContainText('Default');
    await envs.button('Set as default').click();
    await expect(envs.row('Used env (copy)')).toContainText('Default');
    await expect(envs.row('Used env')).not.toContainText('Default');
    await expect(envs.button('Set as default')).toBeDisabled();
    await envs.delete();
    await expect(envs.row('Used env (copy)')).toHaveCount(0);
    await expect(envs.row('Used env')).toBeVisible();
    await expect.poll(async () => (await readdir(path.join(project, '.orchest', 'environments'))).sort()).toEqual([envUuid]);
    await expect(envs.row('Used env')).toContainText('Default');

    // A new step gets the project's default environment.
    await envs.backToPipelines();
    await editor.button('New step').click();
    await editor.waitSaved();
    await expect
      .poll(async () => {
        const steps = Object.values(JSON.parse(await readFile(file, 'utf8')).steps) as Array<{ uuid: string; environment?: string }>;
        return steps.filter((st) => st.uuid !== STEP_ID).map((st) => st.environment);
      })
      .toEqual([envUuid]);
  } finally {
    await cleanUp(project);
  }
});

test('a run builds its step’s environment first and shows the build while it waits', async ({ page, openApp }) => {
  test.setTimeout(8 * 60_000);
  const envUuid = 'e2e-run-env';
  const project = await envProject({
    [`.orchest/environments/${envUuid}/properties.json`]: JSON.stringify({ name: 'Run env', uuid: envUuid, language: 'python', base_image: BASE_IMAGE, gpu_support: false }, null, 4),
    [`.orchest/environments/${envUuid}/setup_script.sh`]: 'echo built-by-orchest > /etc/orchest-env-marker\nsleep 4\n',
  });
  try {
    const file = pipelineFile(project);
    const def = JSON.parse(await readFile(file, 'utf8'));
    def.steps[STEP_ID].environment = envUuid;
    await writeFile(file, JSON.stringify(def, null, 4));

    const { editor } = await openApp(project);
    await expect(editor.step('Env step')).toBeVisible();
    const runAll = editor.button('Run all');
    await expect(runAll).toBeEnabled({ timeout: 30_000 });
    await runAll.click();
    const indicator = page.getByRole('status', { name: 'Environment builds', exact: true });
    await expect(indicator).toContainText('Building environment “Run env”…', { timeout: 60_000 });
    await expect(indicator.getByRole('progressbar', { name: 'Building Run env', exact: true })).toBeVisible();
    await expect(editor.step('Env step').getByTestId('step-status')).toHaveAttribute('data-status', 'SUCCESS', { timeout: 5 * 60_000 });
    await expect(indicator).toHaveCount(0);
    await editor.step('Env step').click();
    await expect(page.getByRole('log', { name: 'Step log', exact: true })).toContainText('marker says: built-by-orchest');

    // The environments screen has the build that the run made, with its log.
    const envs = new EnvironmentsPage(page);
    await envs.open();
    await expect(envs.row('Run env')).toContainText('SUCCESS');
    await envs.select('Run env');
    await expect(envs.state).toHaveText('SUCCESS');
    await expect(envs.log).toContainText('bash /orchest/setup_script.sh');
  } finally {
    await cleanUp(project);
  }
});

test('editing requirements.txt shows the environment out of date; editing a step does not; building makes it current', async ({ page, openApp }) => {
  test.setTimeout(6 * 60_000);
  const envUuid = 'e2e-reqs-env';
  const project = await envProject({
    [`.orchest/environments/${envUuid}/properties.json`]: JSON.stringify({ name: 'Reqs env', uuid: envUuid, language: 'python', base_image: BASE_IMAGE, gpu_support: false }, null, 4),
    // Reads the project's requirements.txt from /project-dir, as `pip install -r requirements.txt` would.
    [`.orchest/environments/${envUuid}/setup_script.sh`]: 'echo "requirements: $(cat requirements.txt)"\n',
    'requirements.txt': 'aenum\n',
  });
  try {
    await openApp(project);
    const envs = new EnvironmentsPage(page);
    await envs.open();
    await envs.select('Reqs env');
    await envs.button('Build').click();
    await expect(envs.state).toHaveText('SUCCESS', { timeout: 4 * 60_000 });
    await expect(envs.log).toContainText('requirements: aenum');
    await expect(envs.log).toContainText('Project files the setup script uses (editing them makes the image out of date): requirements.txt');

    // Step code is mounted live at run time: it is not among the changed files (the message names only requirements.txt).
    await writeFile(path.join(project, 'env-pipeline', 'env_step.py'), `${ENV_STEP}print('edited')\n`);
    await writeFile(path.join(project, 'requirements.txt'), 'aenum==3.1.17\n');
    await expect(envs.row('Reqs env')).toContainText('OUT OF DATE', { timeout: 30_000 });
    await expect(envs.state).toHaveText('OUT OF DATE');
    await expect(page.getByTestId('build-message')).toContainText('Out of date: requirements.txt changed since the last build');

    await envs.button('Build').click();
    await expect(envs.state).toHaveText('SUCCESS', { timeout: 4 * 60_000 });
    await expect(envs.log).toContainText('requirements: aenum==3.1.17');
    await expect(envs.row('Reqs env')).toContainText('SUCCESS');
  } finally {
    await cleanUp(project);
  }
});
