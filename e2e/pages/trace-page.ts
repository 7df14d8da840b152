import { expect, type Locator, type Page } from '@playwright/test';

/** One trace (/traces/{correlationId}): header, causal tree with its waterfall, and the record detail panel. */
export class TracePage {
  readonly header: Locator;
  readonly status: Locator;
  readonly tree: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.header = page.getByTestId('trace-header');
    this.status = page.getByTestId('trace-status');
    this.tree = page.getByTestId('trace-tree');
    this.rows = page.getByTestId('trace-row');
    this.detail = page.getByTestId('detail-panel');
    this.notFound = page.getByTestId('trace-not-found');
  }

  /** Waits (through the API) until the trace links into `roots` trees: the server reads consumer groups in the background. */
  async waitUntilLinked(correlationId: string, roots: number): Promise<void> {
    await expect(async () => {
      const response = await this.page.request.get(`/api/traces/${encodeURIComponent(correlationId)}`);
      expect(((await response.json()) as { roots?: unknown[] }).roots).toHaveLength(roots);
    }).toPass({ timeout: 30_000 });
  }

  async open(correlationId: string): Promise<void> {
    await this.page.goto(`/traces/${encodeURIComponent(correlationId)}`);
  }

  async expectLoaded(correlationId: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Trace', level: 1 })).toBeVisible();
    await expect(this.page.getByTestId('trace-correlation-id')).toContainText(correlationId);
  }

  row(nodeId: string): Locator {
    return this.page.locator(`[data-testid="trace-row"][data-node-id="${nodeId}"]`);
  }

  /** The row of the first node whose label starts with `name`. */
  rowNamed(name: string): Locator {
    return this.rows.filter({ has: this.page.locator('.trace-name', { hasText: name }) }).first();
  }

  edgeOf(row: Locator): Locator {
    return row.getByTestId('trace-edge');
  }

  async toggle(row: Locator): Promise<void> {
    await row.getByTestId('trace-toggle').click();
  }

  /** Waits until the visible rows are exactly these node ids, in this order. */
  async expectRows(nodeIds: readonly string[]): Promise<void> {
    await expect(async () => {
      const shown = await this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-node-id')));
      expect(shown).toEqual(nodeIds);
    }).toPass();
  }

  async visibleRowCount(): Promise<number> {
    return this.rows.count();
  }
}

/** The trace list (/traces) and its filter form. */
export class TracesListPage {
  readonly form: Locator;
  readonly rows: Locator;
  readonly empty: Locator;

  constructor(readonly page: Page) {
    this.form = page.getByRole('search', { name: 'filter traces' });
    this.rows = page.getByTestId('trace-list-row');
    this.empty = page.getByTestId('traces-empty');
  }

  async open(search = ''): Promise<void> {
    await this.page.goto(`/traces${search}`);
    await expect(this.page.getByRole('heading', { name: 'Traces', level: 1 })).toBeVisible();
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  async apply(): Promise<void> {
    await this.form.getByRole('button', { name: 'Apply' }).click();
  }

  row(correlationId: string): Locator {
    return this.page.locator(`[data-testid="trace-list-row"][data-correlation-id="${correlationId}"]`);
  }

  async expectCorrelations(ids: readonly string[]): Promise<void> {
    await expect(async () => {
      const shown = await this.rows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-correlation-id')));
      expect(shown).toEqual(ids);
    }).toPass();
  }
}
