import { expect, type Locator, type Page } from '@playwright/test';

/** The /flows page: window picker, the service graph (nodes, edge labels) and the edge table. */
export class FlowsPage {
  readonly graph: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly empty: Locator;
  readonly error: Locator;
  readonly focus: Locator;

  constructor(readonly page: Page) {
    this.graph = page.getByTestId('flow-graph');
    this.table = page.getByTestId('flow-edge-table');
    this.rows = page.getByTestId('flow-edge-row');
    this.detail = page.getByTestId('flow-edge-detail');
    this.empty = page.getByTestId('flows-empty');
    this.error = page.getByTestId('flows-error');
    this.focus = page.getByLabel('Service');
  }

  async open(query = ''): Promise<void> {
    await this.page.goto(`/flows${query}`);
    await expect(this.page.getByRole('heading', { name: 'Flows', level: 1 })).toBeVisible();
  }

  node(id: string): Locator {
    return this.graph.locator(`[data-testid="flow-node"][data-node-id="${id}"]`);
  }

  /** The drawn line (its label) between two nodes. */
  edge(from: string, to: string): Locator {
    return this.graph.locator(`[data-testid="flow-edge"][data-from="${from}"][data-to="${to}"]`);
  }

  row(from: string, to: string, name: string): Locator {
    return this.table.locator(`[data-testid="flow-edge-row"][data-from="${from}"][data-to="${to}"][data-name="${name}"]`);
  }

  windowLink(label: string): Locator {
    return this.page.getByRole('navigation', { name: 'Time window' }).getByRole('link', { name: label, exact: true });
  }
}
