// The end-to-end contract of `npm run analyze` on the built-in scenarios: each scenario is started
// in-process, and the CLI runs as a child process exactly as a user runs it, against the fleet's
// kubeconfig. Expectations come from the domain contract (findings.md, reference.md §2, §4, §5.2),
// not from the engine's output: which codes each situation raises, the clusters they name, and
// which global hostnames every cluster sees, backed by which clusters.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Fleet } from '../sim/fleet';
import { loadScenario } from '../sim/scenario';
import { CLI_TIMEOUT_MS, runAnalyze } from './testing';

interface ObjectRef {
  cluster: string;
  kind: string;
  namespace?: string;
  name: string;
}

interface Finding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  message: string;
  clusters: string[];
  objects: ObjectRef[];
  fix: string;
  suppressed?: boolean;
}

interface Report {
  generatedAt: string;
  clusters: { context: string; reachable: boolean }[];
  findings: Finding[];
  services: {
    viewer: string;
    hostname: string;
    namespace: string;
    name: string;
    segment: string;
    contributors: string[];
  }[];
}

const tmp = mkdtempSync(join(tmpdir(), 'segscope-analyze-scenarios-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Analysed {
  report: Report;
  /** Exit code of a second run with the default `--fail-on error`, when asked for. */
  defaultExit?: number | null;
}

/**
 * Starts a built-in scenario, runs the CLI on it once with `--output json --fail-on never` (and,
 * when asked, once more with the default threshold), then stops the fleet.
 */
async function analyseScenario(name: string, withDefaultExit = false): Promise<Analysed> {
  const fleet = await Fleet.start({ clusters: loadScenario(name).clusters });
  try {
    const kubeconfig = join(tmp, `${name}.kubeconfig`);
    writeFileSync(kubeconfig, fleet.kubeconfig(), { mode: 0o600 });
    const base = ['--kubeconfig', kubeconfig, '--output', 'json'];
    const [json, gate] = await Promise.all([
      runAnalyze([...base, '--fail-on', 'never']),
      withDefaultExit ? runAnalyze(base) : Promise.resolve(undefined),
    ]);
    if (json.code !== 0) {
      throw new Error(`analyze on ${name} exited with ${json.code}: ${json.stderr}`);
    }
    let report: Report;
    try {
      report = JSON.parse(json.stdout) as Report;
    } catch {
      throw new Error(`analyze on ${name} printed no JSON report: ${json.stdout.slice(0, 500)}`);
    }
    return { report, ...(gate ? { defaultExit: gate.code } : {}) };
  } finally {
    await fleet.stop();
  }
}

/** Sorted unique codes of the unsuppressed errors and warnings. */
const problemCodes = (r: Report) =>
  [
    ...new Set(
      r.findings
        .filter((f) => !f.suppressed && (f.severity === 'error' || f.severity === 'warning'))
        .map((f) => f.code),
    ),
  ].sort();

const findingsOf = (r: Report, code: string) => r.findings.filter((f) => f.code === code);

/** The one finding of a code (the situation is reported once, findings.md). */
function only(r: Report, code: string): Finding {
  const found = findingsOf(r, code);
  expect(found.map((f) => f.message)).toHaveLength(1);
  return found[0]!;
}

/** Every global hostname one cluster sees, with the clusters backing it (sorted). */
function seenBy(r: Report, viewer: string): Record<string, string[]> {
  return Object.fromEntries(
    r.services
      .filter((s) => s.viewer === viewer)
      .map((s) => [s.hostname, [...s.contributors].sort()]),
  );
}

const service = (cluster: string, namespace: string, name: string): ObjectRef => ({
  cluster,
  kind: 'Service',
  namespace,
  name,
});

const refs = (f: Finding) =>
  f.objects.map((o) => ({
    cluster: o.cluster,
    kind: o.kind,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    name: o.name,
  }));

function expectReadable(r: Report, clusters: string[]) {
  expect(r.clusters.map((c) => c.context).sort()).toEqual([...clusters].sort());
  expect(r.clusters.filter((c) => !c.reachable)).toEqual([]);
}

const SCENARIOS = [
  'onboarding',
  'environments',
  'transitive',
  'segmented',
  'mistakes',
  'demo',
] as const;
type ScenarioName = (typeof SCENARIOS)[number];
/** The two scenarios whose default `--fail-on error` exit code is part of the contract. */
const GATED: readonly ScenarioName[] = ['segmented', 'mistakes'];

// Every CLI run pays tsx's start-up, so all scenarios are analysed at once, each CLI run once,
// and the results shared by the tests below.
const analysed = new Map<ScenarioName, PromiseSettledResult<Analysed>>();
beforeAll(async () => {
  const results = await Promise.allSettled(
    SCENARIOS.map((name) => analyseScenario(name, GATED.includes(name))),
  );
  SCENARIOS.forEach((name, i) => analysed.set(name, results[i]!));
}, 3 * CLI_TIMEOUT_MS);

/** A scenario's analysis; one that failed fails its own tests only. */
function resultOf(name: ScenarioName): Analysed {
  const result = analysed.get(name);
  if (!result) throw new Error(`scenario ${name} was not analysed`);
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

describe('analyze: onboarding (reference.md §4.1)', () => {
  let r: Report;
  beforeAll(() => {
    r = resultOf('onboarding').report;
  });

  it('reads all three clusters and reports only the merged checkout (SVC407, SVC408)', () => {
    expectReadable(r, ['cluster-1', 'cluster-2', 'cluster-3']);
    expect(problemCodes(r)).toEqual(['SVC407', 'SVC408']);
  });

  it('SVC407 names the conflicting copies in cluster-1 and cluster-3, as a warning', () => {
    const f = only(r, 'SVC407');
    expect(f.clusters).toEqual(expect.arrayContaining(['cluster-1', 'cluster-3']));
    expect(refs(f)).toEqual(
      expect.arrayContaining([
        service('cluster-1', 'payments', 'checkout'),
        service('cluster-3', 'payments', 'checkout'),
      ]),
    );
    // findings.md: warning; an error only when the forced TCP breaks an L7-policied service, and
    // this fleet has no L7 policy (and every viewer holds a local copy, so nothing is forced).
    expect(f.severity).toBe('warning');
  });

  it('SVC408 names the two apps behind the one hostname', () => {
    const f = only(r, 'SVC408');
    expect(f.severity).toBe('warning');
    expect(f.clusters).toEqual(expect.arrayContaining(['cluster-1', 'cluster-3']));
  });

  it('every cluster sees one checkout.payments.mesh.internal backed by all three clusters', () => {
    for (const viewer of ['cluster-1', 'cluster-2', 'cluster-3']) {
      expect(seenBy(r, viewer), viewer).toEqual({
        'checkout.payments.mesh.internal': ['cluster-1', 'cluster-2', 'cluster-3'],
        'ledger.payments.mesh.internal': ['cluster-1', 'cluster-2'],
      });
    }
  });
});

describe('analyze: environments (reference.md §4.2)', () => {
  let r: Report;
  beforeAll(() => {
    r = resultOf('environments').report;
  });

  it('reports only the merge at prod-east (SVC413), with no SEG208 for the default segment', () => {
    expectReadable(r, ['dev-east', 'prod-east', 'prod-west']);
    expect(problemCodes(r)).toEqual(['SVC413']);
  });

  it('SVC413 is a warning at prod-east over the identical copies of dev-east and prod-west', () => {
    const f = only(r, 'SVC413');
    expect(f.severity).toBe('warning');
    expect(f.clusters).toEqual(expect.arrayContaining(['prod-east']));
    expect(refs(f)).toEqual(
      expect.arrayContaining([
        service('dev-east', 'orders', 'api'),
        service('prod-west', 'orders', 'api'),
      ]),
    );
  });

  it("prod-east's api.orders.mesh.internal holds dev endpoints; the ends see only their side", () => {
    const platform = {
      'otel-collector.observability.mesh.internal': ['prod-east'],
      'vault.vault.mesh.internal': ['prod-east'],
    };
    expect(seenBy(r, 'prod-east')).toEqual({
      'api.orders.mesh.internal': ['dev-east', 'prod-east', 'prod-west'],
      ...platform,
    });
    expect(seenBy(r, 'dev-east')).toEqual({
      'api.orders.mesh.internal': ['dev-east', 'prod-east'],
      ...platform,
    });
    expect(seenBy(r, 'prod-west')).toEqual({
      'api.orders.mesh.internal': ['prod-east', 'prod-west'],
      ...platform,
    });
  });
});

describe('analyze: transitive (reference.md §4.3)', () => {
  let r: Report;
  beforeAll(() => {
    r = resultOf('transitive').report;
  });

  it('reports the conflict at the hub (SVC413) and the differing definitions (SVC407)', () => {
    expectReadable(r, ['cluster-a', 'cluster-hub', 'cluster-c']);
    expect(problemCodes(r)).toEqual(['SVC407', 'SVC413']);
  });

  it('SVC413 names cluster-hub and is an error because the copies differ', () => {
    const f = only(r, 'SVC413');
    expect(f.clusters).toEqual(expect.arrayContaining(['cluster-hub']));
    expect(f.severity).toBe('error');
    expect(refs(f)).toEqual(
      expect.arrayContaining([
        service('cluster-a', 'inventory', 'stock'),
        service('cluster-c', 'inventory', 'stock'),
      ]),
    );
  });

  it('SVC407 names the two copies and stays a warning (no L7 policy in the fleet)', () => {
    const f = only(r, 'SVC407');
    expect(f.clusters).toEqual(expect.arrayContaining(['cluster-a', 'cluster-c']));
    expect(f.severity).toBe('warning');
  });

  it('only the hub merges the two stocks', () => {
    expect(seenBy(r, 'cluster-hub')).toEqual({
      'stock.inventory.mesh.internal': ['cluster-a', 'cluster-c'],
    });
    expect(seenBy(r, 'cluster-a')).toEqual({ 'stock.inventory.mesh.internal': ['cluster-a'] });
    expect(seenBy(r, 'cluster-c')).toEqual({ 'stock.inventory.mesh.internal': ['cluster-c'] });
  });
});

describe('analyze: segmented (the fix)', () => {
  let r: Report;
  let defaultExit: number | null | undefined;
  beforeAll(() => {
    ({ report: r, defaultExit } = resultOf('segmented'));
  });

  it('has no error or warning findings, so the default gate passes', () => {
    expectReadable(r, [
      'cluster-1',
      'cluster-2',
      'cluster-3',
      'dev-east',
      'prod-east',
      'prod-west',
    ]);
    expect(problemCodes(r)).toEqual([]);
    expect(defaultExit).toBe(0);
  });

  it('each segment keeps its own checkout; the acquired catalog is reached under mesh.acquired', () => {
    const acme = {
      'checkout.payments.mesh.acme': ['cluster-1', 'cluster-2'],
      'products.catalog.mesh.acquired': ['cluster-3'],
    };
    expect(seenBy(r, 'cluster-1')).toEqual(acme);
    expect(seenBy(r, 'cluster-2')).toEqual(acme);
    expect(seenBy(r, 'cluster-3')).toEqual({
      'checkout.payments.mesh.acquired': ['cluster-3'],
      'products.catalog.mesh.acquired': ['cluster-3'],
    });
  });

  it('dev and prod keep their own orders/api; platform services keep prod.mesh', () => {
    const platform = {
      'otel-collector.observability.prod.mesh': ['prod-east'],
      'vault.vault.prod.mesh': ['prod-east'],
    };
    expect(seenBy(r, 'dev-east')).toEqual({ 'api.orders.dev.mesh': ['dev-east'], ...platform });
    for (const viewer of ['prod-east', 'prod-west']) {
      expect(seenBy(r, viewer), viewer).toEqual({
        'api.orders.prod.mesh': ['prod-east', 'prod-west'],
        ...platform,
      });
    }
  });

  it('no cluster sees a mesh.internal hostname any more', () => {
    expect(r.services.filter((s) => s.hostname.endsWith('.mesh.internal'))).toEqual([]);
    expect(r.services.filter((s) => s.segment === 'default')).toEqual([]);
  });
});

describe('analyze: mistakes', () => {
  let r: Report;
  let defaultExit: number | null | undefined;
  beforeAll(() => {
    ({ report: r, defaultExit } = resultOf('mistakes'));
  });

  it('reports each mistake, and the errors fail the default gate', () => {
    expectReadable(r, ['dev-1', 'dev-2', 'prod', 'platform', 'qa']);
    // No SEG204: the only cluster that rejects peers (platform) is in the default segment, which
    // has no Segment resource to record rejections on (reference.md §2.1.3).
    expect(problemCodes(r)).toEqual([
      'PEER305',
      'SEG201',
      'SEG202',
      'SEG203',
      'SEG206',
      'SEG208',
      'SVC401',
    ]);
    expect(defaultExit).toBe(1);
  });

  it('SEG201: platform lacks Segment dev, so its gateways to dev-1 and dev-2 discover nothing', () => {
    const found = findingsOf(r, 'SEG201');
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.severity).toBe('error');
      expect(f.clusters).toContain('platform');
    }
    expect(found.flatMap(refs)).toEqual(
      expect.arrayContaining(
        ['dev-1', 'dev-2'].map((peer) => ({
          cluster: 'platform',
          kind: 'Gateway',
          namespace: 'istio-gateways',
          name: `istio-remote-peer-${peer}`,
        })),
      ),
    );
  });

  it('SEG202: Segment prod is prod.example in platform but prod.mesh in prod', () => {
    const f = only(r, 'SEG202');
    expect(f.severity).toBe('error');
    expect(f.clusters).toEqual(expect.arrayContaining(['platform', 'prod']));
    expect(refs(f)).toEqual(
      expect.arrayContaining([
        { cluster: 'platform', kind: 'Segment', namespace: 'istio-system', name: 'prod' },
        { cluster: 'prod', kind: 'Segment', namespace: 'istio-system', name: 'prod' },
      ]),
    );
  });

  it('SEG203: qa is labelled with a segment it does not hold', () => {
    const f = only(r, 'SEG203');
    expect(f.severity).toBe('error');
    expect(f.clusters).toEqual(['qa']);
    expect(refs(f)).toEqual(
      expect.arrayContaining([{ cluster: 'qa', kind: 'Namespace', name: 'istio-system' }]),
    );
  });

  it('PEER305 and SEG208: dev-1 and dev-2 are linked one way only', () => {
    const oneWay = only(r, 'PEER305');
    expect(oneWay.severity).toBe('warning');
    expect(oneWay.clusters).toEqual(['dev-1', 'dev-2']);
    const notMeshed = only(r, 'SEG208');
    expect(notMeshed.severity).toBe('warning');
    expect(notMeshed.clusters).toEqual(['dev-1', 'dev-2']);
  });

  it('SEG206: dev-2 holds only Segment dev while its peer dev-1 also holds prod', () => {
    const found = findingsOf(r, 'SEG206');
    expect(found.every((f) => f.severity === 'warning')).toBe(true);
    expect(found.map((f) => f.clusters)).toContainEqual(['dev-1', 'dev-2']);
  });

  it('SVC401: billing/invoices in prod has the scope "Global"', () => {
    const f = only(r, 'SVC401');
    expect(f.severity).toBe('warning');
    expect(f.clusters).toEqual(['prod']);
    expect(refs(f)).toEqual(expect.arrayContaining([service('prod', 'billing', 'invoices')]));
  });

  it('what each cluster sees follows from the mistakes', () => {
    const otel = { 'otel-collector.observability.mesh.internal': ['platform'] };
    // dev-2 does not peer with dev-1, so it sees only its own api.
    expect(seenBy(r, 'dev-1')).toEqual({ 'api.orders.dev.mesh': ['dev-1', 'dev-2'], ...otel });
    expect(seenBy(r, 'dev-2')).toEqual({ 'api.orders.dev.mesh': ['dev-2'], ...otel });
    // invoices ("Global") stays cluster-local.
    expect(seenBy(r, 'prod')).toEqual({ 'api.orders.prod.mesh': ['prod'], ...otel });
    // qa fell back to the default segment: its segment-scoped api is mesh.internal, shared with
    // platform; platform discovers nothing from dev-1, dev-2 (SEG201) or prod (SEG202).
    expect(seenBy(r, 'qa')).toEqual({ 'api.orders.mesh.internal': ['qa'], ...otel });
    expect(seenBy(r, 'platform')).toEqual({
      'api.orders.mesh.internal': ['qa'],
      'otel-collector.observability.mesh.internal': ['platform'],
    });
  });
});

describe('analyze: demo (domain README §5: the three situations broken, plus the segment mistakes)', () => {
  let r: Report;
  beforeAll(() => {
    r = resultOf('demo').report;
  });

  it('reads all nine clusters and shows every situation and mistake the contract asks for', () => {
    expectReadable(r, [
      'acme-east',
      'acme-west',
      'globex',
      'dev-east',
      'prod-east',
      'prod-west',
      'team-a',
      'hub',
      'team-c',
    ]);
    expect(problemCodes(r)).toEqual([
      'SEG201',
      'SEG202',
      'SEG203',
      'SEG204',
      'SEG208',
      'SVC407',
      'SVC408',
      'SVC413',
    ]);
  });

  it("situation 1: globex's checkout merges with ACME's in every ACME cluster", () => {
    expect(seenBy(r, 'acme-east')['checkout.payments.mesh.internal']).toEqual([
      'acme-east',
      'acme-west',
      'globex',
    ]);
    expect(only(r, 'SVC408').clusters).toEqual(
      expect.arrayContaining(['acme-east', 'acme-west', 'globex']),
    );
  });

  it('situations 2 and 3: prod-east and hub each merge copies their peers never see together', () => {
    const middles = findingsOf(r, 'SVC413').map((f) => f.objects[0]?.cluster);
    expect(middles.sort()).toEqual(['hub', 'prod-east']);
    expect(seenBy(r, 'prod-east')['api.orders.mesh.internal']).toEqual([
      'dev-east',
      'prod-east',
      'prod-west',
    ]);
    expect(seenBy(r, 'hub')['stock.inventory.team.mesh']).toEqual(['team-a', 'team-c']);
    expect(seenBy(r, 'team-a')['stock.inventory.team.mesh']).toEqual(['team-a']);
  });

  it('the segment mistakes name the clusters that hold them', () => {
    expect(only(r, 'SEG201').clusters.sort()).toEqual(['hub', 'team-c']);
    expect(only(r, 'SEG202').clusters.sort()).toEqual(['hub', 'team-a']);
    expect(only(r, 'SEG203').clusters).toEqual(['prod-west']);
    expect(only(r, 'SEG208').clusters.sort()).toEqual(['team-a', 'team-c']);
  });
});
