import type { Locator, Page } from '@playwright/test';

/** The first-run banner above the canvas and the status bar at the bottom of the window. */
export class FirstRun {
  constructor(readonly page: Page) {}

  get banner(): Locator {
    return this.page.getByRole('region', { name: 'First run', exact: true });
  }

  button(name: string): Locator {
    return this.banner.getByRole('button', { name, exact: true });
  }

  get progress(): Locator {
    return this.banner.getByRole('progressbar');
  }

  get log(): Locator {
    return this.banner.getByRole('log', { name: 'Default image build log', exact: true });
  }

  get statusBar(): Locator {
    return this.page.getByRole('contentinfo', { name: 'Status bar' });
  }

  status(item: 'engine' | 'runner' | 'project'): Locator {
    return this.statusBar.getByTestId(`status-${item}`);
  }
}
