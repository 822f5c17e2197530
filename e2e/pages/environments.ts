import { expect, type Locator, type Page } from '@playwright/test';

export interface NewEnvironment {
  name: string;
  baseImage: string;
  language?: 'python' | 'r' | 'julia' | 'javascript';
  gpu?: boolean;
  setupScript?: string;
}

/** The Environments screen as a user sees it: found by role and accessible name. */
export class EnvironmentsPage {
  constructor(readonly page: Page) {}

  /** The sidebar's switch between the editor and the environments. */
  private switchButton(name: 'Pipelines' | 'Environments'): Locator {
    return this.page.getByRole('group', { name: 'Show', exact: true }).getByRole('button', { name, exact: true });
  }

  async open(): Promise<void> {
    await this.switchButton('Environments').click();
    await expect(this.page.getByRole('heading', { name: 'Environments', exact: true })).toBeVisible();
  }

  async backToPipelines(): Promise<void> {
    await this.switchButton('Pipelines').click();
    await expect(this.page.getByRole('main', { name: 'Pipeline editor', exact: true })).toBeVisible();
  }

  get table(): Locator {
    return this.page.getByRole('table', { name: 'Environments', exact: true });
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Environment', exact: true });
  }

  /** A button of the environment form (the toolbar has a "Delete" of its own). */
  button(name: 'Save' | 'Build' | 'Cancel build' | 'Duplicate' | 'Delete' | 'Set as default'): Locator {
    return this.form.getByRole('button', { name, exact: true });
  }

  field(label: 'Name' | 'Base image' | 'Language' | 'GPU support' | 'Setup script'): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Build log', exact: true });
  }

  get state(): Locator {
    return this.page.getByTestId('build-state');
  }

  get progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Build progress', exact: true });
  }

  /** An error the core answered with (refused delete, invalid image name). */
  get error(): Locator {
    return this.form.getByRole('alert');
  }

  async select(name: string): Promise<void> {
    await this.table.getByRole('button', { name, exact: true }).click();
    await expect(this.form.getByRole('heading', { name, exact: true })).toBeVisible();
  }

  /** "New environment", fill the form, "Save"; resolves once the list shows it. */
  async create(env: NewEnvironment): Promise<void> {
    await this.page.getByRole('button', { name: 'New environment', exact: true }).click();
    await this.field('Name').fill(env.name);
    await this.field('Base image').fill(env.baseImage);
    if (env.language) await this.field('Language').selectOption(env.language);
    if (env.gpu) await this.field('GPU support').check();
    if (env.setupScript !== undefined) await this.field('Setup script').fill(env.setupScript);
    await this.button('Save').click();
    await expect(this.row(env.name)).toBeVisible();
    await expect(this.form.getByRole('heading', { name: env.name, exact: true })).toBeVisible();
  }

  /** "Delete", then confirm. */
  async delete(): Promise<void> {
    await this.button('Delete').click();
    await this.page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete', exact: true }).click();
  }
}
