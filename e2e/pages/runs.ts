import { expect, type Locator, type Page } from '@playwright/test';

export type StepStatus = 'PENDING' | 'STARTED' | 'SUCCESS' | 'FAILURE' | 'ABORTED' | 'none';

/** The run controls in the toolbar, the step badges and the step log pane. */
export class RunPanel {
  constructor(readonly page: Page) {}

  button(name: 'Run all' | 'Run selected' | 'Run incoming' | 'Cancel run'): Locator {
    return this.page.getByRole('toolbar', { name: 'Run', exact: true }).getByRole('button', { name, exact: true });
  }

  get summary(): Locator {
    return this.page.getByTestId('run-summary');
  }

  get runner(): Locator {
    return this.page.getByTestId('runner');
  }

  /** The node of a step: its data-status is the run state. */
  node(title: string): Locator {
    return this.page.getByRole('group', { name: `Step ${title}`, exact: true });
  }

  badge(title: string): Locator {
    return this.node(title).getByTestId('step-status');
  }

  async expectStatus(title: string, status: StepStatus, timeout?: number): Promise<void> {
    await expect(this.node(title)).toHaveAttribute('data-status', status, timeout ? { timeout } : {});
    if (status !== 'none') await expect(this.badge(title)).toContainText(status, timeout ? { timeout } : {});
  }

  get log(): Locator {
    return this.page.getByRole('log', { name: 'Step log', exact: true });
  }

  /** The log file's path shown in the pane. */
  get logPath(): Locator {
    return this.page.getByTestId('step-log-path');
  }

  logTitle(title: string): Locator {
    return this.page.getByRole('heading', { name: `Log: ${title}`, exact: true });
  }
}
