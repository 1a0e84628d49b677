import type { Page } from '@playwright/test';

import { expect, test } from './fixtures';

/** Every route of the console, each with what shows it has rendered its data. */
const ROUTES = [
  { name: 'overview', path: '/', heading: 'Peering and segments' },
  { name: 'findings', path: '/findings', heading: 'Findings' },
  { name: 'finding-code', path: '/findings/SEG201', heading: /SEG201/ },
  { name: 'services', path: '/services', heading: 'Global services' },
  { name: 'services-viewer', path: '/services?viewer=hub', heading: 'Global services' },
  {
    name: 'services-calculator',
    path: '/services?service=globex%2Fcatalog%2Fproducts',
    heading: 'Global services',
  },
  { name: 'clusters', path: '/clusters', heading: 'Clusters' },
  { name: 'cluster', path: '/clusters/hub', heading: 'Cluster hub' },
  { name: 'segments', path: '/segments', heading: 'Segments' },
  { name: 'segment', path: '/segments/team', heading: 'Segment team' },
  { name: 'segment-new', path: '/segments/new', heading: 'Create segment' },
  {
    name: 'plan-new',
    path: '/plans/new?type=move-cluster&cluster=hub',
    heading: 'Move a cluster to another segment',
  },
  { name: 'activity', path: '/activity', heading: 'Activity' },
] as const;

const SIZES = [
  { label: '1280x800', width: 1280, height: 800 },
  { label: '1920x1080', width: 1920, height: 1080 },
] as const;

/** Console errors and uncaught exceptions of a page, collected while it is used. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The route has drawn its data: heading shown, no skeleton or graph layout still busy. */
async function rendered(page: Page, heading: string | RegExp) {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every route renders without console errors (${scheme})`, async ({ page, sim: _sim }) => {
    const errors = collectErrors(page);
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const route of ROUTES) {
        await page.goto(route.path);
        await rendered(page, route.heading);
        await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
        await page.screenshot({
          path: `test-results/screenshots/${route.name}-${scheme}-${size.label}.png`,
          fullPage: route.name !== 'overview',
        });
      }
    }
    expect(errors).toEqual([]);
  });
}

test('a cluster taken down is marked on every page and the rest still renders', async ({
  page,
  sim,
}) => {
  // Nine routes visited, then the server's reconnect backoff (capped) to wait out.
  test.setTimeout(120_000);
  await page.goto('/');
  await rendered(page, 'Peering and segments');
  await sim.setFaults('globex', { down: true });
  const banner = page.getByRole('alert', { name: 'Clusters not available' });
  await expect(banner).toContainText('globex', { timeout: 20_000 });
  await expect(
    page
      .getByRole('table', { name: 'Clusters in the graph' })
      .getByRole('row', { name: 'Cluster globex', exact: true }),
  ).toContainText('not available');
  for (const route of ROUTES) {
    await page.goto(route.path);
    await rendered(page, route.heading);
    await expect(banner, route.path).toContainText('globex');
  }
  await page.goto('/clusters');
  await expect(page.getByRole('article', { name: 'Cluster globex' })).toContainText('Unreachable');
  await expect(page.getByRole('article', { name: 'Cluster acme-east' })).toContainText('Synced');
  await page.screenshot({ path: 'test-results/screenshots/clusters-down.png', fullPage: true });

  await sim.setFaults('globex', { down: false });
  await expect(banner).toHaveCount(0, { timeout: 60_000 });
});
