import { expect, type Locator, type Page } from '@playwright/test';

/** The sidebar's file tree, its context menu and dialogs, and the notebook preview. */
export class FileTreePanel {
  constructor(readonly page: Page) {}

  entry(path: string): Locator {
    return this.page.locator(`.file-tree [data-path="${path}"]`);
  }

  /** Right-click an entry and pick an action of its menu. */
  async action(path: string, name: string): Promise<void> {
    await this.entry(path).click({ button: 'right' });
    await this.page.getByRole('menu', { name: `Actions for ${path}` }).getByRole('button', { name, exact: true }).click();
  }

  async move(from: string, to: string): Promise<void> {
    await this.action(from, 'Rename or move…');
    const dialog = this.page.getByRole('dialog', { name: `Rename or move ${from}` });
    await dialog.getByLabel('New path', { exact: true }).fill(to);
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(dialog).toHaveCount(0);
  }

  /** The delete confirmation of `path` (opened from its menu). */
  async askDelete(path: string): Promise<Locator> {
    await this.action(path, 'Delete…');
    const dialog = this.page.getByRole('alertdialog', { name: `Delete ${path}?` });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  get preview(): Locator {
    return this.page.getByRole('region', { name: /^Preview of / });
  }

  cell(n: number): Locator {
    return this.preview.getByRole('article', { name: `Cell ${n}`, exact: true });
  }
}
