import { expect, type Locator, type Page } from '@playwright/test';

/** The pipeline editor as a user sees it: found by role and accessible name. */
export class EditorPage {
  constructor(readonly page: Page) {}

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get steps(): Locator {
    return this.page.getByTestId('step-node');
  }

  step(title: string): Locator {
    return this.page.getByRole('group', { name: `Step ${title}`, exact: true });
  }

  edge(from: string, to: string): Locator {
    return this.page.getByLabel(`Connection ${from} → ${to}`, { exact: true });
  }

  get status(): Locator {
    return this.page.getByRole('status');
  }

  get saveState(): Locator {
    return this.page.getByTestId('save-state');
  }

  async openFolder(folder: string): Promise<void> {
    await this.page.getByLabel('Folder path', { exact: true }).fill(folder);
    await this.button('Open').click();
  }

  async waitSaved(): Promise<void> {
    await expect(this.saveState).toHaveAttribute('data-state', 'saved');
  }

  /** Drag from one step's output handle to another's input handle, as a user does with the mouse. */
  async connect(from: string, to: string): Promise<void> {
    const out = await this.step(from).getByTestId('step-output').boundingBox();
    const inp = await this.step(to).getByTestId('step-input').boundingBox();
    if (!out || !inp) throw new Error(`handles of ${from} / ${to} not visible`);
    const m = this.page.mouse;
    await m.move(out.x + out.width / 2, out.y + out.height / 2);
    await m.down();
    await m.move((out.x + inp.x) / 2, (out.y + inp.y) / 2, { steps: 5 });
    await m.move(inp.x + inp.width / 2, inp.y + inp.height / 2, { steps: 5 });
    await m.up();
  }

  async press(keys: string): Promise<void> {
    // Keyboard shortcuts act on the canvas, not inside a field.
    await this.page.getByTestId('pipeline-canvas').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press(keys);
  }
}
