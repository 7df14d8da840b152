import { expect, type Locator, type Page } from '@playwright/test';

/** The /audit page: filter form, entry table, Export JSON. */
export class AuditPage {
  readonly rows: Locator;
  readonly empty: Locator;
  readonly exportLink: Locator;
  readonly filters: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('audit-row');
    this.empty = page.getByTestId('audit-empty');
    this.exportLink = page.getByTestId('audit-export');
    this.filters = page.getByTestId('audit-filters');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/audit${query}`);
    await expect(this.page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  }

  async filterByAction(action: string): Promise<void> {
    await this.filters.getByLabel('Action').selectOption(action);
    await this.filters.getByRole('button', { name: 'Apply' }).click();
  }

  row(action: string, result: string): Locator {
    return this.page.locator(`[data-testid="audit-row"][data-action="${action}"][data-result="${result}"]`);
  }
}
