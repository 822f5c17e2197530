import type { Locator, Page } from '@playwright/test';

/** The "Export to Argo…" dialog. */
export class ArgoExportDialog {
  constructor(private readonly page: Page) {}

  get dialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Export to Argo Workflows' });
  }

  get manifest(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Argo manifest' });
  }

  get images(): Locator {
    return this.dialog.getByRole('table', { name: 'Images' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Export to Argo…' }).click();
  }

  /** Type an option and leave the field: the manifest is made again. */
  async set(label: string, value: string): Promise<void> {
    const field = this.dialog.getByLabel(label, { exact: true });
    await field.fill(value);
    await field.press('Enter');
  }
}
