import { expect, type Locator, type Page } from '@playwright/test';

/** `/`: the peering graph, asserted through its text alternative (the table built from its elements). */
export class OverviewPage {
  constructor(private readonly page: Page) {}

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/${query}`);
    await this.graphReady();
  }

  get graph(): Locator {
    return this.page.getByRole('region', { name: 'Peering graph' });
  }

  /** The layout of the current structure is applied (aria-busy false). */
  async graphReady(): Promise<void> {
    await expect(this.graph).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
  }

  get live(): Locator {
    return this.page.getByRole('status', { name: 'Live updates' });
  }

  row(cluster: string): Locator {
    return this.page
      .getByRole('table', { name: 'Clusters in the graph' })
      .getByRole('row', { name: `Cluster ${cluster}`, exact: true });
  }

  segmentOf(cluster: string): Locator {
    return this.row(cluster).locator('[data-column="segment"]');
  }

  marksOf(cluster: string): Locator {
    return this.row(cluster).locator('[data-column="marks"]');
  }

  highlightOf(cluster: string): Locator {
    return this.row(cluster).locator('[data-column="highlight"]');
  }

  get counts(): Locator {
    return this.page.getByLabel('Findings by severity');
  }

  /** Selects a finding in the side panel's list by its code and the clusters it lists. */
  async selectFinding(code: string, clusters: string): Promise<void> {
    await this.page
      .getByRole('list', { name: 'Findings to highlight' })
      .getByRole('button')
      .filter({ hasText: code })
      .filter({ hasText: clusters })
      .click();
  }
}
