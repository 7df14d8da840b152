import { expect, type Locator, type Page } from '@playwright/test';

/** The records timeline (/records), its filter form, live tail controls and detail panel. */
export class RecordsPage {
  readonly form: Locator;
  readonly rows: Locator;
  readonly table: Locator;
  readonly footer: Locator;
  readonly empty: Locator;
  readonly detail: Locator;
  readonly liveToggle: Locator;
  readonly tailStatus: Locator;
  readonly pending: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('search', { name: 'filter records' });
    this.table = page.getByTestId('record-table');
    this.rows = page.getByTestId('record-row');
    this.footer = page.getByTestId('records-footer');
    this.empty = page.getByTestId('records-empty');
    this.detail = page.getByTestId('detail-panel');
    this.liveToggle = page.getByTestId('live-toggle');
    this.tailStatus = page.getByTestId('tail-status');
    this.pending = page.getByTestId('tail-pending');
  }

  /** Waits (through the API) until the collector stored `count` records matching `search`. */
  async waitUntilStored(search: string, count: number): Promise<void> {
    await expect(async () => {
      const response = await this.page.request.get(`/api/records${search}${search ? '&' : '?'}limit=500`);
      const { items } = (await response.json()) as { items: unknown[] };
      expect(items).toHaveLength(count);
    }).toPass({ timeout: 30_000 });
  }

  async open(search = ''): Promise<void> {
    await this.page.goto(`/records${search}`);
    await expect(this.page.getByRole('heading', { name: 'Records', level: 1 })).toBeVisible();
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  async filter(label: string, value: string): Promise<void> {
    const field = this.field(label);
    if ((await field.evaluate((element) => element.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
    await this.apply();
  }

  async apply(): Promise<void> {
    await this.form.getByRole('button', { name: 'Apply' }).click();
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="record-row"][data-record-id="${id}"]`);
  }

  /** Waits until the table shows exactly these records (ids), in any order. */
  async expectRecords(ids: readonly string[], timeout = 15_000): Promise<void> {
    if (ids.length === 0) {
      await expect(this.empty).toBeVisible();
      return;
    }
    await expect(async () => {
      const shown = await this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-record-id')));
      expect(shown.sort()).toEqual([...ids].sort());
    }).toPass({ timeout });
  }

  async select(id: string): Promise<void> {
    await this.row(id).click();
    await expect(this.detail.getByTestId('record-detail')).toBeVisible();
  }

  async startLiveTail(): Promise<void> {
    await this.liveToggle.click();
    await expect(this.tailStatus).toHaveText('streaming');
  }
}
