import { writeFileSync } from 'node:fs';

import { adminToken, signIn } from './auth';
import { expect, kubectl, test } from './fixtures';

test('an admin signs in through the header, stays signed in across a reload, and signs out', async ({
  page,
}) => {
  await page.goto('/');
  const access = page.getByRole('group', { name: 'Access' });
  await expect(access).toContainText('Read-only');
  await expect(access).toContainText('demo admin');

  // A wrong token is refused with the server's message, and the dialog stays open.
  await access.getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in as admin' });
  await expect(dialog.getByRole('note')).toContainText('demo admin');
  await dialog.getByLabel('Admin token').fill('not-the-token');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('the admin token is not valid');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await signIn(page);
  const signedIn = page.getByRole('group', { name: 'Signed in' });
  await expect(signedIn).toContainText('demo admin');
  await expect(signedIn).toContainText('admin');
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'segscope_session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
  // The token typed is nowhere in what the server sends back.
  const info = await page.evaluate(() => fetch('/api/session').then((r) => r.text()));
  expect(info).not.toContain(adminToken());
  expect(JSON.parse(info)).toMatchObject({ signedIn: true, user: { role: 'admin' } });

  await page.reload();
  await expect(page.getByRole('group', { name: 'Signed in' })).toContainText('demo admin');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('group', { name: 'Access' })).toContainText('Read-only');
  expect(
    (await page.context().cookies()).find((c) => c.name === 'segscope_session'),
  ).toBeUndefined();
});

test('pages and API answers carry the security headers; each page gets its own CSP nonce', async ({
  request,
}) => {
  const nonces = new Set<string>();
  for (const path of ['/', '/findings', '/activity', '/', '/no-such-page']) {
    const res = await request.get(path);
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp, path).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await res.text(), path).toContain(`nonce="${nonce}"`);
    nonces.add(nonce);
  }
  expect(nonces.size).toBe(5);
  for (const path of ['/', '/api/fleet', '/api/session', '/api/nope', '/icon.svg']) {
    const headers = (await request.get(path)).headers();
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('no-referrer');
    expect(headers['x-frame-options'], path).toBe('DENY');
  }
  expect((await request.get('/api/fleet')).headers()['content-security-policy']).toBe(
    "default-src 'none'; frame-ancestors 'none'",
  );
});

test('the CSP lets the console run: no violation while pages hydrate and navigate', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
      violations.push(m.text());
  });
  await page.goto('/');
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  // Client-side navigation only works once React has hydrated.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Activity' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity' })).toBeVisible();
  await expect(
    page.getByText('No plan applied yet').or(page.getByRole('list', { name: 'Applied plans' })),
  ).toBeVisible();
  expect(violations).toEqual([]);
});

test('mutations: cross-site refused, cookie without CSRF token refused, oversized body 413', async ({
  request,
  baseURL,
}) => {
  const crossSite = await request.post('/api/session', {
    data: { token: adminToken() },
    headers: { origin: 'https://evil.example' },
  });
  expect(crossSite.status()).toBe(403);
  const signIn = await request.post('/api/session', {
    data: { token: adminToken() },
    headers: { origin: baseURL! },
  });
  expect(signIn.status()).toBe(200);
  expect(await signIn.text()).not.toContain(adminToken());
  // The request context keeps the cookie; without the CSRF token, sign-out is refused.
  const noCsrf = await request.delete('/api/session', { headers: { origin: baseURL! } });
  expect(noCsrf.status()).toBe(403);
  const { csrfToken } = (await (await request.get('/api/session')).json()) as { csrfToken: string };
  const out = await request.delete('/api/session', {
    headers: { origin: baseURL!, 'x-csrf-token': csrfToken },
  });
  expect(out.status()).toBe(200);
  const big = await request.post('/api/session', {
    data: { token: 'x'.repeat(20_000) },
    headers: { origin: baseURL! },
  });
  expect(big.status()).toBe(413);
});

test('the Activity page lists the audit Events the clusters hold (as after a restart), once per plan', async ({
  page,
}, testInfo) => {
  const planId = `planted-${Date.now()}`;
  const record = {
    planId,
    user: 'demo admin',
    at: new Date().toISOString(),
    intent: {
      type: 'create-segment',
      name: 'payments',
      domain: 'payments.mesh',
      clusters: ['hub'],
    },
    clusters: ['hub', 'globex'],
    result: {
      id: planId,
      ok: false,
      steps: [
        { cluster: 'hub', step: 0, status: 'rolled-back', message: 'created' },
        { cluster: 'globex', step: 1, status: 'failed', message: 'the server answered 500' },
      ],
      rollback: [{ cluster: 'hub', step: 0, ok: true, message: 'deleted' }],
    },
  };
  // What the audit trail writes (server/audit/cluster-events.ts), planted with the real kubectl.
  const file = testInfo.outputPath('audit-event.json');
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        generateName: 'segscope-plan-',
        namespace: 'istio-system',
        labels: { 'app.kubernetes.io/managed-by': 'segscope', 'segscope.io/audit': 'plan' },
        annotations: { 'segscope.io/audit-record': JSON.stringify(record) },
      },
      involvedObject: { apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' },
      reason: 'SegscopePlanApplied',
      type: 'Warning',
      message: `demo admin create segment payments: failed (plan ${planId})`,
      source: { component: 'segscope' },
    }),
  );
  for (const context of record.clusters) await kubectl(context, 'create', '-f', file);

  const item = page.getByRole('listitem', { name: `Plan ${planId}` });
  // The clusters are read again at most every 10 s: reload until the page has them.
  await expect(async () => {
    await page.goto('/activity');
    await expect(item).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(item).toContainText('Failed');
  await expect(item).toContainText('create segment payments (payments.mesh) with hub');
  await expect(item).toContainText(
    'failed at step 2 on globex: the server answered 500; 1 step rolled back',
  );
  await expect(page.getByRole('listitem', { name: `Plan ${planId}` })).toHaveCount(1);
});
