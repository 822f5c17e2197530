/**
 * Export to Argo…, in Debian's Chromium against `orchest serve` on a copy of examples/hello-pipeline:
 * the manifest names every step and the images to push; with a registry they are renamed under it.
 * Submit goes to a Kubernetes API on 127.0.0.1 answering from fixtures in the shape of Kubernetes'
 * and Argo's answers (no cluster runs here): the dialog shows the steps' states and logs.
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeKubeApi } from '../main/src/argo/testing/fake-kube-api.js';
import { ArgoExportDialog } from './pages/argo.js';
import { expect, test } from './support/fixtures.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STEPS = ['Load numbers', 'Square them', 'Sum them', 'Report'];

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
