import { expect, type Locator, type Page } from '@playwright/test';

/** The /dead-letters page: grouped and flat lists, the dead-letter panel and its requeue/edit actions. */
export class DeadLettersPage {
  readonly groups: Locator;
  readonly groupRows: Locator;
  readonly rows: Locator;
  readonly panel: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.groups = page.getByTestId('dl-groups');
    this.groupRows = page.getByTestId('dl-group-row');
    this.rows = page.getByTestId('dl-row');
    this.panel = page.getByTestId('dl-panel');
    this.empty = page.getByTestId('dl-empty');
  }

  /** Waits (through the API) until the collector stored `count` dead letters matching `search`. */
  async waitUntilStored(search: string, count: number): Promise<void> {
    await expect(async () => {
      const response = await this.page.request.get(`/api/dead-letters?view=flat&limit=500&${search}`);
      expect(response.status()).toBe(200);
      const { items } = (await response.json()) as { items: unknown[] };
      expect(items).toHaveLength(count);
    }).toPass({ timeout: 45_000 });
  }

  async open(search = ''): Promise<void> {
    await this.page.goto(`/dead-letters${search}`);
    await expect(this.page.getByRole('heading', { name: 'Dead letters', level: 1 })).toBeVisible();
  }

  groupRow(fingerprintText: string): Locator {
    return this.groupRows.filter({ hasText: fingerprintText });
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="dl-row"][data-dead-letter-id="${id}"]`);
  }

  /** Edits the value in the panel's editor and reviews the change (diff and target shown, nothing sent yet). */
  async editAndReview(value: string): Promise<void> {
    await this.panel.getByTestId('dl-edit').click();
    await this.panel.getByTestId('dl-edit-value').fill(value);
    await expect(this.panel.getByTestId('dl-edit-error')).toHaveCount(0);
    await this.panel.getByTestId('dl-review').click();
    await expect(this.panel.getByTestId('dl-confirm')).toBeVisible();
  }
}
