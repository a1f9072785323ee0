// What an operator does in the admin console, as steps for the browser tests: log in, open
// a family, fill a generated form, run it and read its job's end.
import type { Locator, Page } from 'playwright-core';

export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async logIn(accountName = 'admin', password = 'password'): Promise<void> {
    await this.page.getByLabel('Account').fill(accountName);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.page.getByRole('button', { name: 'Log out' }).waitFor();
  }

  async openFamily(title: string): Promise<void> {
    await this.page.getByRole('menuitem', { name: title, exact: true }).click();
    await this.page.locator('.ant-card-head-title', { hasText: title }).waitFor();
  }

  get modal(): Locator {
    return this.page.locator('.ant-modal');
  }

  /** Opens the form of an API from its button on the current page. */
  async openForm(apiLabel: string): Promise<void> {
    await this.page.getByRole('button', { name: apiLabel, exact: true }).click();
    await this.modal.waitFor();
  }

  async fill(field: string, value: string): Promise<void> {
    await this.modal.locator(`#${field}`).fill(value);
  }

  /** Picks an option of a select field by the text it shows. */
  async pick(field: string, optionText: string): Promise<void> {
    const item = this.modal.locator('.ant-form-item').filter({ has: this.page.locator(`#${field}`) });
    const openList = this.page.locator('.ant-select-dropdown:visible');
    // On a loaded machine a click can land while the list is still opening and select nothing:
    // the field is checked for the chosen text, and the click tried again if it is missing.
    for (let attempt = 1; ; attempt++) {
      if ((await openList.count()) === 0) await this.modal.locator(`#${field}`).click();
      await this.page.locator('.ant-select-item-option:visible', { hasText: optionText }).first().click();
      const chosen = await item
        .filter({ hasText: optionText })
        .waitFor({ timeout: 5_000 })
        .then(() => true, () => false);
      if (chosen) break;
      if (attempt === 3) throw new Error(`option "${optionText}" of ${field} could not be picked`);
    }
    // A list left open (the click landed during its animation) closes on a click beside it.
    if ((await openList.count()) > 0) await this.modal.locator('.ant-modal-title').click();
    await openList.waitFor({ state: 'hidden' });
  }

  /** Submits the open form and waits for its job's end: the done or the error panel. */
  async submit(): Promise<'done' | 'failed'> {
    await this.modal.getByTestId('form-submit').click();
    const end = this.modal.getByTestId('job-done').or(this.modal.getByTestId('job-error'));
    await end.waitFor({ timeout: 30_000 });
    return (await this.modal.getByTestId('job-done').count()) ? 'done' : 'failed';
  }

  async closeForm(): Promise<void> {
    await this.modal.locator('.ant-modal-footer').getByRole('button', { name: /^(Close|Cancel)$/ }).click();
    await this.modal.waitFor({ state: 'detached' });
  }

  row(text: string): Locator {
    return this.page.locator('.ant-table-row', { hasText: text });
  }

  async filter(conditions: string): Promise<void> {
    await this.page.getByTestId('query-filter').locator('input').fill(conditions);
    await this.page.getByRole('button', { name: 'Filter' }).click();
  }
}
