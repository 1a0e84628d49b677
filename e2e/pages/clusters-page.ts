import type { Locator, Page } from '@playwright/test';

/** `/clusters`: one card per cluster, by role and accessible name. */
export class ClustersPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/clusters');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Clusters' });
  }

  cluster(name: string): Locator {
    return this.page.getByRole('article', { name: `Cluster ${name}` });
  }
}
