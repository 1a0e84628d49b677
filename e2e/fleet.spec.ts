import { expect, test } from './fixtures';
import { ClustersPage } from './pages/clusters-page';

const DEMO_CLUSTERS = ['acme-east', 'acme-west', 'globex'];

test('lists every demo cluster with its segment and Segment API', async ({ page, sim: _sim }) => {
  const clusters = new ClustersPage(page);
  await clusters.goto();
  await expect(clusters.heading).toBeVisible();
  for (const name of DEMO_CLUSTERS) {
    await expect(clusters.cluster(name)).toContainText('Synced');
    await expect(clusters.cluster(name)).toContainText(name);
  }
  await expect(clusters.cluster('acme-east')).toContainText('admin.istio.io/v1');
  await expect(clusters.cluster('globex')).toContainText('admin.solo.io/v1alpha1');
  await expect(clusters.cluster('prod-west')).toContainText('Label prod names a Segment');
  await expect(clusters.cluster('hub')).toContainText('platform.mesh');
});

test('a forbidden cluster says so instead of failing the page', async ({ page, sim }) => {
  await sim.setFaults('acme-west', { forbidden: true });
  const clusters = new ClustersPage(page);
  await clusters.goto();
  // Open watches survive a change of rights; the server's periodic probe notices it.
  await expect(clusters.cluster('acme-west')).toContainText('Forbidden', { timeout: 20_000 });
  await expect(clusters.cluster('acme-west')).toContainText('cannot get');
  await expect(clusters.cluster('acme-east')).toContainText('Synced');
});

test('a slow cluster times out without holding up the others', async ({ page, sim }) => {
  await sim.setFaults('acme-west', { latencyMs: 10_000 });
  const clusters = new ClustersPage(page);
  await clusters.goto();
  await expect(clusters.cluster('acme-west')).toContainText('Timed out', { timeout: 20_000 });
  await expect(clusters.cluster('globex')).toContainText('Synced');
});

test('kubeconfig credentials never reach the browser', async ({ request, sim }) => {
  const tokens = sim.tokens();
  expect(tokens.length).toBeGreaterThan(0);
  for (const route of ['/api/fleet', '/api/findings', '/api/services', '/api/clusters/hub']) {
    const response = await request.get(route);
    expect(response.ok(), route).toBe(true);
    const body = await response.text();
    for (const token of tokens) expect(body, route).not.toContain(token);
    expect(body, route).not.toMatch(/certificate-authority-data|BEGIN CERTIFICATE/);
  }
});

test('shows the fleet findings with codes, fixes and the clusters they involve', async ({
  page,
  sim: _sim,
}) => {
  await page.goto('/findings');
  await expect(page.getByRole('article', { name: /^SEG201 / })).toContainText('hub');
  await expect(page.getByRole('article', { name: /^SEG203 / })).toContainText('prod-west');
  await expect(page.getByRole('article', { name: /^SEG201 / })).toContainText('Fix:');
});

test('findings cover the clusters that answer and name the ones that do not', async ({
  page,
  sim,
}) => {
  await sim.setFaults('team-c', { down: true });
  await page.goto('/findings');
  await expect(page.getByText(/Not analysed or stale: .*team-c/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('article', { name: /^SEG203 / })).toBeVisible();
});
