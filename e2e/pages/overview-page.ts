import { expect, type Locator, type Page } from '@playwright/test';

export class OverviewPage {
  readonly collectorState: Locator;
  readonly recordCount: Locator;
  readonly topics: Locator;
  readonly latestRecords: Locator;

  constructor(private readonly page: Page) {
    this.collectorState = page.getByTestId('collector-state');
    this.recordCount = page.getByTestId('record-count');
    this.topics = page.getByTestId('topics');
    this.latestRecords = page.getByTestId('latest-records');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  }

  /** The page refreshes itself; waits until the topic row shows `count` records. */
  async expectTopicCount(topic: string, count: number): Promise<void> {
    await expect(this.topics.getByRole('row').filter({ hasText: topic })).toContainText(String(count), { timeout: 30_000 });
  }

  recordRow(text: string): Locator {
    return this.latestRecords.getByRole('row').filter({ hasText: text });
  }
}
