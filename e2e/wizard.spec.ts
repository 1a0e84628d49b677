import type { Locator, Page } from '@playwright/test';

import { adminToken } from './auth';
import { expect, kubectl, test } from './fixtures';

/**
 * The change wizard and "Fix…" on the demo fleet, applied for real: every check of what was
 * written goes through the real kubectl. Each test that writes puts the fleet back as it found it
 * (and checks that with kubectl), so the specs after it see the demo as it ships.
 */

const CLUSTERS = [
  'acme-east',
  'acme-west',
  'globex',
  'dev-east',
  'prod-east',
  'prod-west',
  'team-a',
  'hub',
  'team-c',
] as const;
const SEGMENT_RESOURCES = ['segments.admin.istio.io', 'segments.admin.solo.io'] as const;

interface SegmentCopy {
  name: string;
  domain: string;
  resource: string;
}
interface ClusterState {
  label: string;
  segments: SegmentCopy[];
}

/** One cluster's segment label and Segments (both API groups), as kubectl shows them. */
async function stateOf(cluster: string): Promise<ClusterState> {
  const label = await kubectl(
    cluster,
    'get',
    'namespace',
    'istio-system',
    '-o',
    'jsonpath={.metadata.labels.admin\\.solo\\.io/segment}',
  );
  const served = await kubectl(
    cluster,
    'api-resources',
    '--api-group=admin.istio.io',
    '-o',
    'name',
  );
  const servedSolo = await kubectl(
    cluster,
    'api-resources',
    '--api-group=admin.solo.io',
    '-o',
    'name',
  );
  const segments: SegmentCopy[] = [];
  for (const resource of SEGMENT_RESOURCES) {
    if (!`${served}\n${servedSolo}`.split('\n').includes(resource)) continue;
    const list = JSON.parse(
      await kubectl(cluster, 'get', resource, '-n', 'istio-system', '-o', 'json'),
    ) as { items: { metadata: { name: string }; spec: { domain: string } }[] };
    for (const item of list.items)
      segments.push({ name: item.metadata.name, domain: item.spec.domain, resource });
  }
  segments.sort((a, b) => `${a.name}${a.resource}`.localeCompare(`${b.name}${b.resource}`));
  return { label: label.trim(), segments };
}

type FleetState = Record<string, ClusterState>;

async function fleetState(): Promise<FleetState> {
  const entries = await Promise.all(CLUSTERS.map(async (c) => [c, await stateOf(c)] as const));
  return Object.fromEntries(entries);
}

/** Undoes what a test applied: Segments it created are deleted, labels set back. */
async function restore(before: FleetState): Promise<void> {
  for (const cluster of CLUSTERS) {
    const now = await stateOf(cluster);
    const was = before[cluster]!;
    if (now.label !== was.label)
      await kubectl(
        cluster,
        'label',
        'namespace',
        'istio-system',
        was.label ? `admin.solo.io/segment=${was.label}` : 'admin.solo.io/segment-',
        '--overwrite',
      );
    for (const s of now.segments) {
      const old = was.segments.find((x) => x.name === s.name && x.resource === s.resource);
      if (!old)
        await kubectl(cluster, 'delete', s.resource, s.name, '-n', 'istio-system', '--wait=false');
      else if (old.domain !== s.domain)
        await kubectl(
          cluster,
          'patch',
          s.resource,
          s.name,
          '-n',
          'istio-system',
          '--type=merge',
          '-p',
          JSON.stringify({ spec: { domain: old.domain } }),
        );
    }
  }
  expect(await fleetState()).toEqual(before);
}

/** Signs in on the read-only notice of the plan flow. */
async function signIn(page: Page): Promise<void> {
  const notice = page.getByRole('region', { name: 'Read-only' });
  await expect(notice).toContainText('sign in as admin to apply');
  await notice.getByLabel('Admin token').fill(adminToken());
  await notice.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('group', { name: 'Signed in' })).toBeVisible();
  await expect(notice).toHaveCount(0);
}

/** The plan is on screen: every step passed the dry run. */
async function reviewed(page: Page): Promise<void> {
  await expect(page.getByRole('region', { name: 'Dry run' })).toContainText(
    'Every step passed the server-side dry run',
    { timeout: 20_000 },
  );
}

const step = (page: Page, n: number, cluster: string): Locator =>
  page.getByRole('row', { name: `Step ${n} ${cluster}`, exact: true });

async function wizardStep1(page: Page, name: string, domain: string) {
  await page.goto('/segments/new');
  await page.getByRole('textbox', { name: 'Segment name' }).fill(name);
  await page.getByRole('textbox', { name: 'Domain', exact: true }).fill(domain);
}

async function wizardStep2(page: Page, members: string[]) {
  await page.getByRole('button', { name: 'Next: members' }).click();
  for (const m of members) await page.getByRole('checkbox', { name: new RegExp(`^${m} `) }).check();
}

async function shot(page: Page, name: string, scheme: 'light' | 'dark') {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  await page.screenshot({
    path: `test-results/screenshots/wizard-${name}-${scheme}-1280x800.png`,
    fullPage: true,
  });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the wizard validates as you type, explains holders and reviews the plan (${scheme})`, async ({
    page,
    sim: _sim,
  }) => {
    test.setTimeout(90_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1280, height: 800 });
    await wizardStep1(page, 'Acme', 'mesh.internal');
    await expect(page.getByText('is not a DNS-1123 label')).toBeVisible();
    await expect(page.getByText('is reserved')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next: members' })).toBeDisabled();
    // Another segment's domain is refused before any request is made.
    await page.getByRole('textbox', { name: 'Domain', exact: true }).fill('team.mesh');
    await expect(
      page.getByText(/domain "team.mesh" is already used by Segment "team"/),
    ).toBeVisible();
    await page.getByRole('textbox', { name: 'Segment name' }).fill('acme');
    await page.getByRole('textbox', { name: 'Domain', exact: true }).fill('mesh.acme');
    await expect(page.getByRole('region', { name: 'Hostnames' })).toContainText(
      'checkout.payments.mesh.acme',
    );
    await shot(page, 'step1', scheme);

    await wizardStep2(page, ['acme-east', 'acme-west']);
    const holders = page.getByRole('region', { name: 'Clusters that must hold the Segment' });
    await expect(holders.getByLabel('Holder globex')).toContainText('added by Segscope');
    await expect(holders.getByLabel('Holder globex')).toContainText('SEG201');
    await expect(holders.getByLabel('Holder dev-east')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Hostnames' })).toContainText(
      'checkout.payments.mesh.acme · acme-east, acme-west',
    );
    await shot(page, 'step2', scheme);

    await page.getByRole('button', { name: 'Next: review' }).click();
    // Signed out, the flow is read-only and says why.
    await expect(page.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
    await shot(page, 'step3-signed-out', scheme);
    await signIn(page);
    await reviewed(page);
    await expect(page.getByRole('group', { name: 'Changes in globex' })).toContainText(
      'admin.solo.io/v1alpha1',
    );
    await expect(page.getByRole('region', { name: 'Findings' })).toContainText('SVC408');
    await expect(page.getByRole('region', { name: 'kubectl commands' })).toContainText(
      '--context globex',
    );
    await expect(page.getByRole('link', { name: 'Download the GitOps bundle' })).toHaveAttribute(
      'href',
      /\/api\/plans\/.+\/bundle/,
    );
    await expect(page.getByRole('button', { name: 'Apply 5 steps' })).toBeEnabled();
    await shot(page, 'step3-review', scheme);
  });
}

test('a segment created through the wizard is on every cluster that needs it, and SVC408 goes', async ({
  page,
  sim: _sim,
}) => {
  test.setTimeout(120_000);
  const before = await fleetState();
  try {
    await wizardStep1(page, 'acme', 'mesh.acme');
    await wizardStep2(page, ['acme-east', 'acme-west']);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await signIn(page);
    await reviewed(page);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await page.getByRole('button', { name: 'Apply 5 steps' }).click();
    await expect(page.getByRole('status', { name: 'Apply result' })).toContainText('Applied', {
      timeout: 30_000,
    });
    for (const [n, cluster] of [
      [1, 'acme-east'],
      [2, 'acme-west'],
      [3, 'globex'],
      [4, 'acme-east'],
      [5, 'acme-west'],
    ] as const)
      await expect(step(page, n, cluster).locator('[data-status]')).toHaveAttribute(
        'data-status',
        'applied',
      );
    // The finding it fixes leaves the live page, without a reload.
    await expect(page.getByLabel('Findings resolved now').getByLabel('SVC408 gone')).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByRole('row', { name: 'Cluster acme-east now' })).toContainText('acme');
    await shot(page, 'step4-applied', 'light');
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    // The real kubectl: the Segment everywhere it is needed, in each cluster's API, then labels.
    const after = await fleetState();
    for (const cluster of ['acme-east', 'acme-west', 'globex'])
      expect(after[cluster]!.segments, cluster).toContainEqual({
        name: 'acme',
        domain: 'mesh.acme',
        resource: cluster === 'globex' ? 'segments.admin.solo.io' : 'segments.admin.istio.io',
      });
    expect(after['acme-east']!.label).toBe('acme');
    expect(after['acme-west']!.label).toBe('acme');
    expect(after.globex!.label).toBe('');
    for (const cluster of ['dev-east', 'prod-east', 'prod-west', 'team-a', 'hub', 'team-c'])
      expect(after[cluster], cluster).toEqual(before[cluster]);
  } finally {
    await restore(before);
  }
});

/** Applies the plan on screen (signing in if needed) and waits for the finding to leave. */
async function applyFix(page: Page, { signedIn }: { signedIn: boolean }) {
  if (!signedIn) await signIn(page);
  await reviewed(page);
  // istiod writes Segment status moments after any change: a plan that patches a Segment can be
  // outdated by it before Apply (409). The user is then offered the fresh preview, and applies it.
  const result = page.getByRole('status', { name: 'Apply result' });
  const fresh = page.getByRole('button', { name: 'Show the fresh preview' });
  for (let attempt = 0; ; attempt++) {
    await page.getByRole('button', { name: /^Apply \d+ steps?$/ }).click();
    await expect(result.or(fresh)).toBeVisible({ timeout: 30_000 });
    if (!(await fresh.isVisible()) || attempt >= 2) break;
    await fresh.click();
    await reviewed(page);
  }
  await expect(result).toContainText('Applied');
  await expect(page.getByRole('status', { name: 'Finding gone' })).toBeVisible({
    timeout: 20_000,
  });
}

test('Fix… on SEG201 in /findings: SEG202 first (a conflict is never overwritten), then the missing Segment', async ({
  page,
  sim: _sim,
}) => {
  test.setTimeout(150_000);
  const before = await fleetState();
  try {
    await page.goto('/findings');
    await page.getByRole('link', { name: /^Fix SEG201 .*team-c/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Fix a finding' })).toBeVisible();
    // platform has two domains (team-a's copy says platform.internal): SEG201 waits for SEG202.
    const blocked = page.getByRole('status').filter({ hasText: 'refused until SEG202 is fixed' });
    await expect(blocked).toBeVisible();
    await blocked.getByRole('link', { name: 'Fix SEG202 for platform first' }).click();
    await page.getByRole('radio', { name: /^platform\.mesh/ }).check();
    await page.getByRole('button', { name: 'Preview' }).click();
    await signIn(page);
    await expect(page.getByRole('group', { name: 'Changes in team-a' })).toBeVisible({
      timeout: 20_000,
    });
    await applyFix(page, { signedIn: true });
    expect((await stateOf('team-a')).segments).toContainEqual({
      name: 'platform',
      domain: 'platform.mesh',
      resource: 'segments.admin.solo.io',
    });

    // Back to the findings, live: SEG201 of team-c has one domain to apply now.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Findings' })
      .click();
    await page.getByRole('link', { name: /^Fix SEG201 .*team-c/ }).click();
    await expect(page.getByRole('group', { name: 'Changes in team-c' })).toContainText('platform', {
      timeout: 20_000,
    });
    await applyFix(page, { signedIn: true });
    await shot(page, 'fix-seg201-applied', 'light');
    const after = await stateOf('team-c');
    expect(after.segments).toContainEqual({
      name: 'platform',
      domain: 'platform.mesh',
      resource: 'segments.admin.istio.io',
    });
    expect(after.label).toBe(before['team-c']!.label);
  } finally {
    await restore(before);
  }
});

test('Fix… on SEG203 from the graph side panel creates the segment and the finding goes', async ({
  page,
  sim: _sim,
}) => {
  test.setTimeout(120_000);
  const before = await fleetState();
  try {
    await page.goto('/findings?code=SEG203');
    await page
      .getByRole('article', { name: /^SEG203/ })
      .getByRole('link', { name: 'Show on graph' })
      .click();
    const panel = page.getByRole('complementary');
    await panel.getByRole('link', { name: /^Fix SEG203 prod-west/ }).click();
    await page.getByLabel('Domain of the new segment').fill('prod.mesh');
    await page.getByRole('button', { name: 'Preview' }).click();
    await applyFix(page, { signedIn: false });
    const after = await fleetState();
    for (const cluster of ['prod-west', 'prod-east'])
      expect(
        after[cluster]!.segments.map((s) => [s.name, s.domain]),
        cluster,
      ).toContainEqual(['prod', 'prod.mesh']);
    expect(after['prod-west']!.label).toBe('prod');
  } finally {
    await restore(before);
  }
});

test('a failure midway is rolled back, shown, and kubectl finds every cluster as it was', async ({
  page,
  sim,
}) => {
  test.setTimeout(120_000);
  const before = await fleetState();
  try {
    await page.emulateMedia({ colorScheme: 'dark' });
    await wizardStep1(page, 'dev', 'dev.mesh');
    await wizardStep2(page, ['dev-east']);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await signIn(page);
    await reviewed(page);
    // After the dry run: dev-east answers 500 to the label step (its namespace patch).
    await sim.setFaults('dev-east', {
      failNext: { count: 1, code: 500, verb: 'patch', resource: 'namespaces' },
    });
    await page.getByRole('button', { name: 'Apply 3 steps' }).click();
    const result = page.getByRole('status', { name: 'Apply result' });
    await expect(result).toContainText('The change failed at step 3 on dev-east', {
      timeout: 30_000,
    });
    await expect(result).toContainText('Rolled back 2 of 2 steps');
    await expect(step(page, 3, 'dev-east').locator('[data-status]')).toHaveAttribute(
      'data-status',
      'failed',
    );
    for (const [n, cluster] of [
      [1, 'dev-east'],
      [2, 'prod-east'],
    ] as const)
      await expect(step(page, n, cluster).locator('[data-status]')).toHaveAttribute(
        'data-status',
        'rolled-back',
      );
    // What the clusters look like now, live: no Segment dev anywhere.
    await expect(page.getByRole('row', { name: 'Cluster dev-east now' })).not.toContainText(
      'dev (dev.mesh)',
    );
    await shot(page, 'step4-rolled-back', 'dark');
    expect(await fleetState()).toEqual(before);
  } finally {
    await sim.setFaults('dev-east', { failNext: [] });
    await restore(before);
  }
});

test('the other intents share the flow: a move previewed with its dry run, a delete of a used segment refused', async ({
  page,
  sim: _sim,
}) => {
  test.setTimeout(90_000);
  await page.goto('/clusters/hub');
  await page.getByRole('link', { name: 'Move to another segment…' }).click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Move a cluster to another segment' }),
  ).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Cluster' })).toHaveValue('hub');
  await page.getByRole('combobox', { name: 'Target segment' }).selectOption('team');
  await page.getByRole('button', { name: 'Preview' }).click();
  await signIn(page);
  await reviewed(page);
  await expect(page.getByRole('group', { name: 'Changes in hub' })).toContainText(
    'admin.solo.io/segment=team',
  );
  await expect(page.getByRole('button', { name: /^Apply \d+ steps?$/ })).toBeEnabled();

  // Another intent in the same flow, its form submitted from the keyboard.
  await page.getByRole('button', { name: 'Delete a segment' }).click();
  await expect(page).toHaveURL(/type=delete-segment/);
  await expect(page.getByRole('heading', { level: 1, name: 'Delete a segment' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Segment' }).selectOption('team');
  await page.getByRole('button', { name: 'Preview' }).press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'No plan could be made' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText(
    'Segment "team" is still used by',
  );
});

test('exposing is a guided change too: a namespace stops exporting, its hostname goes, kubectl agrees', async ({
  page,
  request,
  sim: _sim,
}) => {
  test.setTimeout(90_000);
  const hostname = 'products.catalog.mesh.internal';
  const scopeOfCatalog = () =>
    kubectl(
      'globex',
      'get',
      'namespace',
      'catalog',
      '-o',
      'jsonpath={.metadata.labels.solo\\.io/service-scope}',
    );
  const served = async () => {
    const answer = await request.get(`/api/services?hostname=${hostname}`);
    return ((await answer.json()) as { services: unknown[] }).services.length;
  };
  expect(await scopeOfCatalog()).toBe('global');
  try {
    // The calculator of one Service offers its scope changes, prefilled.
    await page.goto(`/services?service=${encodeURIComponent('globex/catalog/products')}`);
    await page
      .getByRole('navigation', { name: 'Change its scope' })
      .getByRole('link', { name: 'Limit to its segment…' })
      .click();
    await expect(page).toHaveURL(/type=set-scope/);
    await expect(page.getByRole('combobox', { name: 'Cluster' })).toHaveValue('globex');
    await expect(page.getByLabel('Service (empty: the whole namespace)')).toHaveValue('products');
    await expect(page.getByRole('combobox', { name: /^Scope/ })).toHaveValue('segment');

    // The whole namespace, from the services page's own entry.
    await page.goto('/services');
    await page.getByRole('link', { name: 'Expose a service or namespace…' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Expose a service or namespace' }),
    ).toBeVisible();
    await page.getByRole('combobox', { name: 'Cluster' }).selectOption('globex');
    await page.getByLabel('Namespace', { exact: true }).fill('catalog');
    await page.getByRole('combobox', { name: /^Scope/ }).selectOption('remove');
    await page.getByRole('button', { name: 'Preview' }).click();
    await signIn(page);
    await reviewed(page);
    const hostnames = page.getByRole('table', { name: 'Hostnames per viewing cluster' });
    await expect(hostnames.getByRole('row').filter({ hasText: hostname }).first()).toContainText(
      'disappears',
    );
    await page.getByRole('button', { name: /^Apply \d+ steps?$/ }).click();
    await expect(page.getByRole('status', { name: 'Apply result' })).toContainText('Applied', {
      timeout: 30_000,
    });
    expect(await scopeOfCatalog()).toBe('');
    await expect.poll(served, { timeout: 20_000 }).toBe(0);
  } finally {
    await kubectl(
      'globex',
      'label',
      'namespace',
      'catalog',
      'solo.io/service-scope=global',
      '--overwrite',
    );
  }
  expect(await scopeOfCatalog()).toBe('global');
  await expect.poll(served, { timeout: 20_000 }).toBeGreaterThan(0);
});
