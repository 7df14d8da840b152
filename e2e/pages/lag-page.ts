import { expect, type Locator, type Page } from '@playwright/test';

/** The /lag page: one row per consumer group, expandable into partitions and a history chart. */
export class LagPage {
  readonly table: Locator;
  readonly empty: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId('lag-table');
    this.empty = page.getByTestId('lag-empty');
    this.error = page.getByTestId('lag-error');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/lag${query}`);
    await expect(this.page.getByRole('heading', { name: 'Consumer lag' })).toBeVisible();
  }

  group(groupId: string): GroupRow {
    return new GroupRow(this.page, groupId);
  }
}

export class GroupRow {
  readonly row: Locator;
  readonly toggle: Locator;
  readonly lagRecords: Locator;
  readonly lagSeconds: Locator;
  readonly catchUp: Locator;
  readonly fallingBehind: Locator;
  readonly stuckCount: Locator;
  readonly detail: Locator;
  readonly chart: Locator;

  constructor(page: Page, groupId: string) {
    this.row = page.locator(`[data-testid="lag-group"][data-group-id="${groupId}"]`);
    this.toggle = this.row.getByRole('link', { name: groupId });
    this.lagRecords = this.row.getByTestId('group-lag-records');
    this.lagSeconds = this.row.getByTestId('group-lag-seconds');
    this.catchUp = this.row.getByTestId('group-catch-up');
    this.fallingBehind = this.row.getByTestId('falling-behind-badge');
    this.stuckCount = this.row.getByTestId('stuck-count-badge');
    this.detail = page.locator(`[data-testid="lag-group-detail"][data-group-id="${groupId}"]`);
    this.chart = this.detail.getByTestId('lag-history-chart');
  }

  partition(topic: string, partition: number): Locator {
    return this.detail.locator(`[data-testid="lag-partition"][data-partition="${topic}:${partition}"]`);
  }

  async expand(): Promise<void> {
    await expect(this.toggle).toHaveAttribute('aria-expanded', 'false');
    await this.toggle.click();
    await expect(this.toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(this.detail).toBeVisible();
  }

  rangeLink(range: '1h' | '6h' | '24h' | '7d'): Locator {
    return this.chart.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: range, exact: true });
  }
}
