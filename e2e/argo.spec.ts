/**
 * Export to Argo…, in Debian's Chromium against `orchest serve` on a copy of examples/hello-pipeline:
 * the manifest names every step and the images to push; with a registry they are renamed under it.
 * Submit goes to a Kubernetes API on 127.0.0.1 answering from fixtures in the shape of Kubernetes'
 * and Argo's answers (no cluster runs here): the dialog shows the steps' states and logs.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeKubeApi } from '../main/src/argo/testing/fake-kube-api.js';
import { ArgoExportDialog } from './pages/argo.js';
import { RunPanel } from './pages/runs.js';
import { expect, test } from './support/fixtures.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = ['Load numbers', 'Square them', 'Sum them', 'Report'];

const kubeconfigFor = (server: string) =>
  `apiVersion: v1\nkind: Config\ncurrent-context: t\ncontexts: [{name: t, context: {cluster: c, user: u, namespace: ml}}]\nclusters: [{name: c, cluster: {server: "${server}"}}]\nusers: [{name: u, user: {token: e2e-token}}]\n`;

test('Export to Argo shows the manifest naming each step, the images, and follows a submitted workflow', async ({ page, openApp }) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-argo-'));
  const project = path.join(tmp, 'hello-pipeline');
  await cp(path.join(repo, 'examples', 'hello-pipeline'), project, { recursive: true });
  const { editor } = await openApp(project);
  await editor.openPipeline('hello-pipeline');

  const argo = new ArgoExportDialog(page);
  await argo.open();
  await expect(argo.dialog).toBeVisible();
  await expect(argo.manifest).toHaveValue(/kind: Workflow/);
  for (const title of STEPS) await expect(argo.manifest).toHaveValue(new RegExp(`orchest.io/step-title: ${title}\\n`));
  await expect(argo.images).toContainText('orchest-py:latest');
  await expect(argo.images).toContainText(STEPS.join(', '));

  await argo.set('Registry', 'registry.example.org/team');
  await expect(argo.manifest).toHaveValue(/image: registry\.example\.org\/team\/orchest-py:latest/);
  await expect(argo.images).toContainText('to push');
  await expect(argo.dialog.getByRole('button', { name: 'Push 1 image' })).toBeEnabled();

  const api = await startFakeKubeApi({ token: 'e2e-token' });
  try {
    const kubeconfig = path.join(tmp, 'kubeconfig');
    await writeFile(
      kubeconfig,
      `apiVersion: v1\nkind: Config\ncurrent-context: t\ncontexts: [{name: t, context: {cluster: c, user: u, namespace: ml}}]\nclusters: [{name: c, cluster: {server: "${api.server}"}}]\nusers: [{name: u, user: {token: e2e-token}}]\n`,
    );
    await argo.dialog.getByLabel('Kubeconfig').fill(kubeconfig);
    await argo.dialog.getByRole('button', { name: 'Submit to cluster' }).click();
    const wf = argo.dialog.getByRole('region', { name: 'Workflow hello-pipeline-x7k2p' });
    await expect(wf.getByTestId('argo-workflow-phase')).toHaveText('Succeeded', { timeout: 30_000 });
    await expect(wf).toContainText('loaded 10 numbers');
    await expect(wf).toContainText('report done');
  } finally {
    await api.close();
  }
  await argo.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(argo.dialog).toHaveCount(0);

  // The Kubernetes entry opens the same dialog at "Run on Kubernetes", the kubeconfig kept.
  await page.getByRole('button', { name: 'Run on Kubernetes…' }).click();
  await expect(argo.dialog.getByLabel('Kubeconfig')).toBeFocused();
  await expect(argo.dialog.getByLabel('Kubeconfig')).toHaveValue(/kubeconfig$/);
  if (process.env.ORCHEST_E2E_SCREENSHOT) await page.screenshot({ path: process.env.ORCHEST_E2E_SCREENSHOT });
});

test('a Kubernetes cluster in the engine picker: Run all submits the Workflow, shown on the canvas and in the log pane like a local run; Cancel stops it', async ({ page, home, openApp }) => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-e2e-argo-run-'));
  const project = path.join(tmp, 'hello-pipeline');
  await cp(path.join(repo, 'examples', 'hello-pipeline'), project, { recursive: true });
  const kubeconfig = path.join(tmp, 'kubeconfig');
  const api = await startFakeKubeApi({ token: 'e2e-token' });
  const held = await startFakeKubeApi({ token: 'e2e-token', holdAt: 3 });
  try {
    await writeFile(kubeconfig, kubeconfigFor(api.server));
    const { editor } = await openApp(project);
    await editor.openPipeline('hello-pipeline');
    const runs = new RunPanel(page);

    // Added from the run controls' picker, as a user would: the cluster lands in the user's config.
    const picker = page.getByTestId('run-engine-name');
    await expect(picker).toHaveText('Engine: local');
    await picker.click();
    const menu = page.getByRole('dialog', { name: 'Run engine' });
    await menu.getByRole('button', { name: 'Add Kubernetes cluster…' }).click();
    const form = menu.getByRole('form', { name: 'Add a Kubernetes cluster' });
    await form.getByLabel('Name', { exact: true }).fill('team-cluster');
    await form.getByLabel('Kubeconfig file').fill(kubeconfig);
    await form.getByLabel('Namespace').fill('ml');
    await form.getByRole('button', { name: 'Add and use' }).click();
    await expect(picker).toHaveText('Engine: team-cluster (Kubernetes)');
    await expect(page.getByTestId('status-engine-name')).toHaveText('Engine: team-cluster (Kubernetes)');
    await expect(page.getByTestId('status-engine')).toHaveText(/^Local Docker/);
    await expect(runs.runner).toHaveText('Argo Workflows');
    await expect(runs.button('Run selected')).toBeDisabled();
    const config = JSON.parse(await readFile(path.join(home, '.config', 'orchest', 'config.json'), 'utf8')) as { engines: Record<string, unknown> };
    expect(config.engines['team-cluster']).toEqual({ kubeconfig, namespace: 'ml' });

    await runs.button('Run all').click();
    await runs.expectStatus('Load numbers', 'SUCCESS', 30_000);
    for (const title of STEPS) await runs.expectStatus(title, 'SUCCESS', 30_000);
    await expect(runs.summary).toContainText('Last run: SUCCESS');
    await editor.select('Sum them');
    await expect(runs.logTitle('Sum them')).toBeVisible();
    await expect(runs.log).toContainText('sum=45');
    await editor.select('Report');
    await expect(runs.log).toContainText('report done');
    expect(api.requests.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/apis/argoproj.io/v1alpha1/namespaces/ml/workflows']);

    // A workflow that keeps running: Cancel patches spec.shutdown and the run ends ABORTED.
    await writeFile(kubeconfig, kubeconfigFor(held.server));
    await runs.button('Run all').click();
    await runs.expectStatus('Square them', 'STARTED', 30_000);
    await runs.button('Cancel run').click();
    await runs.expectStatus('Square them', 'ABORTED', 30_000);
    await runs.expectStatus('Load numbers', 'SUCCESS');
    await expect(runs.summary).toContainText('ABORTED');
    expect(held.requests.find((r) => r.method === 'PATCH')?.body).toEqual({ spec: { shutdown: 'Terminate' } });
  } finally {
    await api.close();
    await held.close();
  }
});
