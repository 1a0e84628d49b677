import { expect, test } from './fixtures';
import { FleetPage } from './pages/fleet-page';

const DEMO_CLUSTERS = ['acme-east', 'acme-west', 'globex'];

test('lists every demo cluster with its network and Segment API', async ({ page, sim: _sim }) => {
  const fleet = new FleetPage(page);
  await fleet.goto();
  await expect(fleet.heading).toBeVisible();
  for (const name of DEMO_CLUSTERS) {
    await expect(fleet.cluster(name)).toContainText('Connected');
    await expect(fleet.cluster(name)).toContainText(name);
  }
  await expect(fleet.cluster('acme-east')).toContainText('admin.istio.io/v1');
  await expect(fleet.cluster('globex')).toContainText('admin.solo.io/v1alpha1');
  await page.screenshot({ path: 'test-results/fleet-overview.png', fullPage: true });
});

test('a cluster that is down is marked and the rest stay visible', async ({ page, sim }) => {
  await sim.setFaults('globex', { down: true });
  const fleet = new FleetPage(page);
  await fleet.goto();
  await expect(fleet.cluster('globex')).toContainText('Unreachable');
  await expect(fleet.cluster('globex')).toContainText('left out of the fleet view');
  await expect(page.getByText('partial view')).toBeVisible();
  await expect(fleet.cluster('acme-east')).toContainText('Connected');
  await expect(page.getByText('1 not available')).toBeVisible();
  await page.screenshot({ path: 'test-results/fleet-partial.png', fullPage: true });

  await sim.setFaults('globex', { down: false });
  await expect(fleet.cluster('globex')).toContainText('Connected', { timeout: 15_000 });
});

test('a forbidden cluster says so instead of failing the page', async ({ page, sim }) => {
  await sim.setFaults('acme-west', { forbidden: true });
  const fleet = new FleetPage(page);
  await fleet.goto();
  // Open watches survive a change of rights; the server's periodic probe notices it.
  await expect(fleet.cluster('acme-west')).toContainText('Forbidden', { timeout: 15_000 });
  await expect(fleet.cluster('acme-west')).toContainText('cannot get');
  await expect(fleet.cluster('acme-east')).toContainText('Connected');
});

test('a slow cluster times out without holding up the others', async ({ page, sim }) => {
  await sim.setFaults('acme-west', { latencyMs: 10_000 });
  const fleet = new FleetPage(page);
  await fleet.goto();
  await expect(fleet.cluster('acme-west')).toContainText('Timed out', { timeout: 15_000 });
  await expect(fleet.cluster('globex')).toContainText('Connected');
});

test('kubeconfig credentials never reach the browser', async ({ request, sim }) => {
  const response = await request.get('/api/fleet');
  expect(response.ok()).toBe(true);
  const body = await response.text();
  const tokens = sim.tokens();
  expect(tokens.length).toBeGreaterThan(0);
  for (const token of tokens) expect(body).not.toContain(token);
  expect(body).not.toMatch(/certificate-authority-data|BEGIN CERTIFICATE/);
});

test('shows the fleet findings with codes, fixes and the clusters they involve', async ({
  page,
  sim: _sim,
}) => {
  await page.goto('/');
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings.getByRole('article', { name: /^SEG201 / })).toContainText('hub');
  await expect(findings.getByRole('article', { name: /^SEG203 / })).toContainText('prod-west');
  await expect(findings.getByRole('article', { name: /^SEG201 / })).toContainText('Fix:');
  await page.screenshot({ path: 'test-results/findings.png', fullPage: true });
});

test('findings cover the clusters that answer and name the ones that do not', async ({
  page,
  sim,
}) => {
  await sim.setFaults('team-c', { down: true });
  await page.goto('/');
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings.getByText('Not analysed: team-c')).toBeVisible({ timeout: 15_000 });
  await expect(findings.getByRole('article', { name: /^SEG203 / })).toBeVisible();
});
