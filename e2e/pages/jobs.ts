import { expect, type Locator, type Page } from '@playwright/test';

/** The Runs & jobs screen and the New job form, found by role and accessible name. */
export class JobsPage {
  constructor(readonly page: Page) {}

  /** "New job" in the editor's toolbar: the form for the open pipeline. */
  async newJobFromEditor(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'New job', exact: true }).first().click();
    const form = this.form;
    await expect(form).toBeVisible();
    return form;
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'New job', exact: true });
  }

  /** A parameter's row in the form: "<Pipeline|step title> <name>". */
  parameter(scope: string, name: string): Locator {
    return this.form.getByRole('group', { name: `${scope} ${name}`, exact: true });
  }

  /** Add a value to a parameter's list and type it. */
  async addValue(scope: string, name: string, value: string): Promise<void> {
    const row = this.parameter(scope, name);
    const before = await row.getByRole('textbox').count();
    await row.getByRole('button', { name: `Add a value to ${name}`, exact: true }).click();
    await row.getByRole('textbox', { name: `${name} value ${before + 1}`, exact: true }).fill(value);
  }

  get jobs(): Locator {
    return this.page.getByRole('table', { name: 'Jobs', exact: true });
  }

  job(name: string): Locator {
    return this.jobs.getByRole('row', { name: new RegExp(name) });
  }

  get runs(): Locator {
    return this.page.getByRole('table', { name: 'Runs', exact: true });
  }

  /** A job run's row, found by the parameters it shows ("dataset=iris, lr=0.1"). */
  run(parameters: string): Locator {
    return this.runs.getByRole('row').filter({ hasText: parameters, hasNotText: 'Interactive' });
  }

  get runDetail(): Locator {
    return this.page.getByRole('region', { name: 'Run', exact: true });
  }

  async openRun(parameters: string): Promise<Locator> {
    await this.run(parameters).getByRole('button').click();
    await expect(this.runDetail.getByTestId('run-parameters')).toHaveText(parameters);
    return this.runDetail;
  }

  async compare(a: string, b: string): Promise<Locator> {
    for (const p of [a, b]) await this.run(p).getByRole('checkbox').check();
    await this.page.getByRole('button', { name: 'Compare 2/2', exact: true }).click();
    const table = this.page.getByRole('table', { name: 'Run comparison', exact: true });
    await expect(table).toBeVisible();
    return table;
  }
}
