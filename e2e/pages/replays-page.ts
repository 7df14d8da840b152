import { expect, type Locator, type Page } from '@playwright/test';

/** The /replays page: source and target form, dry-run preview with its confirm button, the job's progress. */
export class ReplaysPage {
  readonly topic: Locator;
  readonly target: Locator;
  readonly rate: Locator;
  readonly dryRunButton: Locator;
  readonly preview: Locator;
  readonly count: Locator;
  readonly confirmButton: Locator;
  readonly job: Locator;
  readonly progress: Locator;
  readonly problem: Locator;

  constructor(private readonly page: Page) {
    this.topic = page.getByTestId('replay-topic');
    this.target = page.getByTestId('replay-target');
    this.rate = page.getByTestId('replay-rate');
    this.dryRunButton = page.getByTestId('replay-dry-run');
    this.preview = page.getByTestId('replay-preview');
    this.count = page.getByTestId('replay-count');
    this.confirmButton = page.getByTestId('replay-confirm');
    this.job = page.getByTestId('replay-job');
    this.progress = this.job.getByTestId('replay-progress');
    this.problem = page.getByTestId('replay-problem');
  }

  async open(): Promise<void> {
    await this.page.goto('/replays');
    await expect(this.page.getByRole('heading', { name: 'Replays' })).toBeVisible();
    // the form is live once hydrated and the operator known: typing into the server's HTML before that is lost
    await expect(this.dryRunButton).toBeEnabled();
  }

  async dryRun(topic: string, target: string, ratePerSecond: number): Promise<void> {
    await this.topic.fill(topic);
    await this.target.fill(target);
    await this.rate.fill(String(ratePerSecond));
    await expect(this.dryRunButton).toBeEnabled();
    await this.dryRunButton.click();
  }
}
