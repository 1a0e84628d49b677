import { expect, kubectl, test } from './fixtures';
import { OverviewPage } from './pages/overview-page';

/** Where each demo cluster resolves (server/sim/scenarios/demo/scenario.yaml). */
const SEGMENT_OF = {
  'acme-east': 'default',
  'acme-west': 'default',
  globex: 'default',
  'dev-east': 'default',
  'prod-east': 'default',
  'prod-west': 'default',
  'team-a': 'team',
  hub: 'platform',
  'team-c': 'team',
} as const;

test('the graph shows every demo cluster in the segment it resolves to', async ({
  page,
  sim: _sim,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  for (const [cluster, segment] of Object.entries(SEGMENT_OF)) {
    await expect(overview.segmentOf(cluster), cluster).toHaveText(segment);
  }
  await expect(
    page.getByRole('table', { name: 'Clusters in the graph' }).getByRole('row'),
  ).toHaveCount(Object.keys(SEGMENT_OF).length + 1);
});

test('each situation of the brief is highlighted, and its finding highlights its clusters', async ({
  page,
  sim: _sim,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  // Transitive peering: the middle clusters stand out; the silent fallback is badged.
  await expect(overview.marksOf('hub')).toContainText('middle of a transitive conflict');
  await expect(overview.marksOf('prod-east')).toContainText('middle of a transitive conflict');
  await expect(overview.marksOf('prod-west')).toContainText(
    'segment label names a missing Segment',
  );
  await expect(overview.marksOf('team-a')).not.toContainText('middle');

  const situations = [
    // 1. Onboarded cluster: globex's checkout merged with ACME's.
    {
      code: 'SVC408',
      listed: 'acme-east, acme-west, globex',
      involved: ['acme-east', 'acme-west', 'globex'],
    },
    // 2. Environments: dev's orders/api merged into prod at prod-east.
    {
      code: 'SVC413',
      listed: 'dev-east, prod-east, prod-west',
      involved: ['dev-east', 'prod-east', 'prod-west'],
    },
    // 3. Transitive: hub merges team-a's and team-c's inventory/stock.
    { code: 'SVC413', listed: 'hub, team-a, team-c', involved: ['hub', 'team-a', 'team-c'] },
  ];
  for (const s of situations) {
    await overview.selectFinding(s.code, s.listed);
    await expect(page).toHaveURL(new RegExp(`finding=${s.code}`));
    for (const cluster of Object.keys(SEGMENT_OF)) {
      await expect(overview.highlightOf(cluster), `${s.code} ${cluster}`).toHaveText(
        s.involved.includes(cluster) ? 'Highlighted' : 'Not involved',
      );
    }
  }
  // The selection is in the URL: a reload (or a shared link) shows the same highlight.
  await page.reload();
  await overview.graphReady();
  await expect(overview.highlightOf('hub')).toHaveText('Highlighted');
  await expect(overview.highlightOf('acme-east')).toHaveText('Not involved');
});

test('a label fixed with kubectl changes the graph and the counts without a reload', async ({
  page,
  sim: _sim,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.live).toHaveAttribute('data-mode', 'live');
  await expect(overview.marksOf('prod-west')).toContainText('missing Segment');
  const errorsBefore = Number(/(\d+) errors/.exec(await overview.counts.innerText())?.[1]);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  try {
    // prod-west was labelled prod before Segment prod existed: drop the label (SEG203 fixed).
    await kubectl('prod-west', 'label', 'namespace', 'istio-system', 'admin.solo.io/segment-');
    await expect(overview.marksOf('prod-west')).toHaveText('—', { timeout: 15_000 });
    await expect(overview.counts).toContainText(`${errorsBefore - 1} errors`);
    await overview.graphReady();
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
  } finally {
    await kubectl('prod-west', 'label', 'namespace', 'istio-system', 'admin.solo.io/segment=prod');
  }
  await expect(overview.marksOf('prod-west')).toContainText('missing Segment', { timeout: 15_000 });
});

test('a segment change moves the cluster into its segment on the live graph', async ({
  page,
  sim: _sim,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  await expect(overview.live).toHaveAttribute('data-mode', 'live');
  try {
    // hub holds Segment team: labelling it team moves it there.
    await kubectl(
      'hub',
      'label',
      'namespace',
      'istio-system',
      'admin.solo.io/segment=team',
      '--overwrite',
    );
    await expect(overview.segmentOf('hub')).toHaveText('team', { timeout: 15_000 });
    await overview.graphReady();
  } finally {
    await kubectl(
      'hub',
      'label',
      'namespace',
      'istio-system',
      'admin.solo.io/segment=platform',
      '--overwrite',
    );
  }
  await expect(overview.segmentOf('hub')).toHaveText('platform', { timeout: 15_000 });
});

test('the service layer marks the clusters that back a hostname in one viewing cluster', async ({
  page,
  sim: _sim,
}) => {
  const overview = new OverviewPage(page);
  await overview.goto('?hostname=stock.inventory.team.mesh&viewer=hub');
  await expect(overview.marksOf('hub')).toContainText('viewing cluster');
  await expect(overview.marksOf('team-a')).toContainText('contributes endpoints');
  await expect(overview.marksOf('team-c')).toContainText('contributes endpoints');
  await expect(overview.marksOf('acme-east')).toHaveText('—');
  // Seen from team-a, only team-a's own copy backs the name.
  await page.getByLabel('seen from').selectOption('team-a');
  await expect(overview.marksOf('team-c')).not.toContainText('contributes endpoints');
  await expect(overview.marksOf('team-a')).toContainText('viewing cluster');
});

test('the graph exports as PNG, SVG and JSON', async ({ page, sim: _sim }) => {
  const overview = new OverviewPage(page);
  await overview.goto();
  for (const [button, pattern] of [
    ['PNG', /\.png$/],
    ['SVG', /\.svg$/],
    ['JSON', /\.json$/],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button, exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(pattern);
    const path = await file.path();
    expect(path).toBeTruthy();
    if (button === 'JSON') {
      const { readFile } = await import('node:fs/promises');
      const body = JSON.parse(await readFile(path, 'utf8')) as {
        elements: { data: { id: string }; position?: unknown }[];
      };
      const hub = body.elements.find((e) => e.data.id === 'cluster:hub');
      expect(hub?.position).toBeDefined();
    }
    if (button === 'SVG') {
      const { readFile } = await import('node:fs/promises');
      expect(await readFile(path, 'utf8')).toContain('<svg');
    }
  }
});

test('findings filters live in the URL and export as Markdown', async ({ page, sim: _sim }) => {
  await page.goto('/findings?cluster=prod-west');
  await expect(page.getByRole('article', { name: /^SEG203 / })).toBeVisible();
  await expect(page.getByRole('article', { name: /^SEG201 / })).toHaveCount(0);
  await page.getByLabel('Code').selectOption('SVC413');
  await expect(page).toHaveURL(/code=SVC413/);
  await expect(page.getByRole('article', { name: /^SEG203 / })).toHaveCount(0);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Markdown' }).click();
  const { readFile } = await import('node:fs/promises');
  const markdown = await readFile((await (await download).path())!, 'utf8');
  expect(markdown).toContain('### SVC413');
  expect(markdown).not.toContain('SEG203');
});
