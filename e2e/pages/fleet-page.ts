import type { Locator, Page } from '@playwright/test';

/** The fleet overview (home page), by role and accessible name. */
export class FleetPage {
  constructor(private readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/');
  }

  get heading(): Locator {
    return this.page.getByRole('heading', { name: 'Clusters' });
  }

  cluster(name: string): Locator {
    return this.page.getByRole('article', { name: `Cluster ${name}` });
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }
}
