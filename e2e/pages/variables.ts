import { expect, type Locator, type Page } from '@playwright/test';

/** The environment variables form (project settings dialog, pipeline panel). */
export class VariablesForm {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  /** Project settings, opened from the sidebar. */
  static async projectSettings(page: Page): Promise<VariablesForm> {
    await page.getByRole('button', { name: 'Project settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /Project settings/ });
    await expect(dialog).toBeVisible();
    return new VariablesForm(page, dialog.getByRole('region', { name: 'Environment variables' }));
  }

  /** The pipeline's own variables, in its properties panel (no step selected). */
  static pipelinePanel(page: Page): VariablesForm {
    return new VariablesForm(page, page.getByRole('complementary', { name: 'Properties' }).getByRole('region', { name: 'Environment variables' }));
  }

  row(name: string): Locator {
    return this.root.getByTestId('variable-row').filter({ has: this.page.getByLabel(`Name of ${name}`, { exact: true }) });
  }

  async add(name: string, value: string, { secret = false } = {}): Promise<void> {
    await this.root.getByRole('button', { name: 'Add variable', exact: true }).click();
    await this.root.getByLabel('Name of new variable', { exact: true }).fill(name);
    await this.root.getByLabel(`Value of ${name}`, { exact: true }).fill(value);
    if (secret) await this.row(name).getByLabel('Secret', { exact: true }).check();
  }

  async save(): Promise<void> {
    await this.root.getByRole('button', { name: 'Save variables', exact: true }).click();
    await expect(this.root.getByText('Variables saved.', { exact: true })).toBeVisible();
  }
}
