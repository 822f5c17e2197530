import { expect, type Locator, type Page } from '@playwright/test';

/** Building a pipeline in the editor as a user does: sidebar forms, toolbar, properties, mouse drags. */
export class PipelineEditor {
  constructor(readonly page: Page) {}

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  /** A step node on the canvas, by title. */
  step(title: string): Locator {
    return this.page.getByRole('group', { name: `Step ${title}`, exact: true });
  }

  get steps(): Locator {
    return this.page.getByTestId('step-node');
  }

  get messages(): Locator {
    return this.page.getByRole('status');
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  }

  /** Open a pipeline listed in the sidebar. */
  async openPipeline(name: string): Promise<void> {
    await this.page.getByRole('list', { name: 'Pipelines', exact: true }).getByRole('button').filter({ hasText: name }).first().click();
  }

  /** "New pipeline" in the sidebar: a folder and a name; the new pipeline opens. */
  async newPipeline(folder: string, name: string): Promise<void> {
    await this.button('New pipeline').click();
    await this.page.getByLabel('Pipeline folder', { exact: true }).fill(folder);
    await this.page.getByLabel('Pipeline name', { exact: true }).fill(name);
    await this.button('Create').click();
    await expect(this.page.getByRole('list', { name: 'Pipelines', exact: true })).toContainText(name);
    await expect(this.page.getByText('This pipeline has no steps yet.')).toBeVisible();
  }

  /** "New step", then its File (relative to the pipeline folder); the title follows the file. */
  async addStep(file: string): Promise<string> {
    const before = await this.steps.count();
    await this.button('New step').click();
    await expect(this.steps).toHaveCount(before + 1);
    await this.page.getByLabel('File', { exact: true }).selectOption(file);
    const title = file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
    await expect(this.step(title)).toBeVisible();
    return title;
  }

  edge(from: string, to: string): Locator {
    return this.page.getByLabel(`Connection ${from} → ${to}`, { exact: true });
  }

  get saveState(): Locator {
    return this.page.getByTestId('save-state');
  }

  /** The browser's "Folder path" field (web mode has no native dialog). */
  async openFolder(folder: string): Promise<void> {
    await this.page.getByLabel('Folder path', { exact: true }).fill(folder);
    await this.button('Open').click();
  }

  /** A keyboard shortcut on the canvas, not inside a field. */
  async press(keys: string): Promise<void> {
    await this.page.getByTestId('pipeline-canvas').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press(keys);
  }

  /** Drag from one step's output handle to another's input handle, and see the connection made. */
  async connect(from: string, to: string): Promise<void> {
    await this.drag(from, to);
    await expect(this.edge(from, to)).toHaveCount(1);
  }

  /** The mouse gesture alone (after fitting all steps in view): the editor may refuse it. */
  async drag(from: string, to: string): Promise<void> {
    await this.button('Fit view').click();
    await this.page.waitForTimeout(300); // the fit animates (200 ms)
    const out = await this.step(from).getByTestId('step-output').boundingBox();
    const inp = await this.step(to).getByTestId('step-input').boundingBox();
    if (!out || !inp) throw new Error(`handles of ${from} / ${to} are not visible`);
    const mouse = this.page.mouse;
    await mouse.move(out.x + out.width / 2, out.y + out.height / 2);
    await mouse.down();
    await mouse.move((out.x + inp.x) / 2, (out.y + inp.y) / 2, { steps: 5 });
    await mouse.move(inp.x + inp.width / 2, inp.y + inp.height / 2, { steps: 5 });
    await mouse.up();
  }

  /** Click a step (selects it alone), after fitting the view: the log pane may have hidden it. */
  async select(title: string): Promise<void> {
    await this.button('Fit view').click();
    await this.step(title).click();
    await expect(this.step(title)).toHaveClass(/selected/);
  }
}
