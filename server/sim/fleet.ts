import { randomBytes } from 'node:crypto';

import yaml from 'js-yaml';

import { bareIstioCluster, istioCrds, type SegmentApi } from './base-cluster';
import type { WriteOptions } from './cluster-api';
import { SIM_CA, SimCluster } from './cluster-server';
import { type IstiodControllers, startBudgetMs, startIstiodControllers } from './istiod/controller';
import { StatusError } from './status';
import type { KubeObject, ResourceType } from './types';
import { storageKey } from './types';

export interface ClusterSpec {
  name: string;
  /** `istio` (default): a bare Istio cluster; `empty`: namespaces only, no CRDs. */
  base?: 'istio' | 'empty';
  segmentApi?: SegmentApi;
  /** The kubeconfig user of this cluster may only read. */
  readOnly?: boolean;
  /** Applied in order after the base, each with the file it came from (for error messages). */
  manifests?: { source: string; object: KubeObject }[];
}

export interface FleetOptions {
  clusters: ClusterSpec[];
  host?: string;
  /** First port; clusters take consecutive ports. Random free ports when omitted. */
  basePort?: number;
  /**
   * Run the istiod stand-in (server/sim/istiod): Segment status, peer gateway conditions and
   * generated ServiceEntries, kept up to date as objects change. Default true.
   */
  istiod?: boolean;
}

const SEED: WriteOptions = {
  dryRun: false,
  fieldManager: 'segscope-sim',
  fieldValidation: 'Strict',
};

function typeOf(cluster: SimCluster, object: KubeObject): ResourceType {
  const [group, version] = object.apiVersion?.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const type = cluster.registry
    .all()
    .find((t) => t.group === group && t.version === version && t.kind === object.kind);
  if (!type) throw new Error(`no resource type serves ${object.apiVersion} ${object.kind}`);
  return type;
}

/**
 * Creates or updates an object the way `kubectl apply` would at start-up; a manifest's `status`
 * is then written through the status subresource, standing in for the controller that owns it.
 */
export function seedObject(cluster: SimCluster, object: KubeObject): void {
  const type = typeOf(cluster, object);
  const namespace = type.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
  const existing = cluster.store.get(storageKey(type), namespace, object.metadata.name);
  const written = existing
    ? cluster.api.update(
        type,
        namespace,
        object.metadata.name,
        { ...object, metadata: { ...object.metadata, resourceVersion: undefined } } as KubeObject,
        SEED,
        undefined,
      )
    : cluster.api.create(type, namespace, object, SEED);
  if (object.status !== undefined && type.hasStatus) {
    cluster.api.update(
      type,
      namespace,
      object.metadata.name,
      { ...written.object, status: object.status },
      SEED,
      'status',
    );
  }
}

export const splitManifests = (text: string, source: string) =>
  yaml
    .loadAll(text)
    .filter((doc): doc is KubeObject => doc !== null && typeof doc === 'object')
    .map((object) => ({ source, object }));

/** Several simulated clusters in one process, described by one kubeconfig. */
export class Fleet {
  /** The istiod stand-in, when running. */
  istiod?: IstiodControllers;

  private constructor(readonly clusters: SimCluster[]) {}

  static async start(options: FleetOptions): Promise<Fleet> {
    const names = new Set<string>();
    for (const spec of options.clusters) {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(spec.name))
        throw new Error(`invalid cluster name "${spec.name}": use a DNS-1123 label`);
      if (names.has(spec.name)) throw new Error(`cluster "${spec.name}" is listed twice`);
      names.add(spec.name);
    }
    const clusters = options.clusters.map(
      (spec, i) =>
        new SimCluster({
          name: spec.name,
          host: options.host,
          port: options.basePort ? options.basePort + i : 0,
          users: [
            {
              name: `${spec.name}-admin`,
              token: randomBytes(16).toString('hex'),
              readOnly: spec.readOnly ?? false,
            },
          ],
        }),
    );
    const fleet = new Fleet(clusters);
    try {
      options.clusters.forEach((spec, i) => fleet.seed(clusters[i] as SimCluster, spec));
      await Promise.all(clusters.map((c) => c.start()));
      if (options.istiod ?? true) {
        fleet.istiod = startIstiodControllers(fleet);
        // Scenarios come up already reconciled, as a running mesh would be; a large synthetic
        // fleet's first pass finishes in the background (istiod.settled() waits for it).
        await fleet.istiod.settled(startBudgetMs(clusters));
      }
    } catch (e) {
      await fleet.stop();
      throw e;
    }
    return fleet;
  }

  private seed(cluster: SimCluster, spec: ClusterSpec): void {
    const base =
      (spec.base ?? 'istio') === 'istio'
        ? [...istioCrds(spec.segmentApi ?? 'admin.istio.io/v1'), ...bareIstioCluster(spec.name)]
        : ['default', 'kube-system', 'kube-public'].map(
            (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }) as KubeObject,
          );
    const all = [...base.map((object) => ({ source: 'base', object })), ...(spec.manifests ?? [])];
    for (const { source, object } of all) {
      try {
        seedObject(cluster, object);
      } catch (e) {
        const what = `${object.kind ?? '?'} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name ?? '?'}`;
        const why = e instanceof StatusError || e instanceof Error ? e.message : String(e);
        throw new Error(`cluster ${spec.name}: cannot apply ${what} from ${source}: ${why}`);
      }
    }
  }

  cluster(name: string): SimCluster {
    const found = this.clusters.find((c) => c.name === name);
    if (!found) throw new Error(`no simulated cluster named "${name}"`);
    return found;
  }

  /** One context per cluster, named after it, with a bearer-token user (wire-notes §3.14). */
  kubeconfig(adminUrl?: string): string {
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: this.clusters.map((c) => ({
        name: c.name,
        cluster: {
          server: c.url,
          'certificate-authority-data': Buffer.from(SIM_CA).toString('base64'),
        },
      })),
      users: this.clusters.map((c) => ({
        name: c.users[0]?.name,
        user: { token: c.users[0]?.token },
      })),
      contexts: this.clusters.map((c) => ({
        name: c.name,
        context: { cluster: c.name, user: c.users[0]?.name },
      })),
      'current-context': this.clusters[0]?.name ?? '',
      ...(adminUrl
        ? { extensions: [{ name: 'segscope.io/simulator', extension: { adminUrl } }] }
        : {}),
    };
    return yaml.dump(config, { lineWidth: -1 });
  }

  async stop(): Promise<void> {
    this.istiod?.stop();
    this.istiod = undefined;
    await Promise.all(this.clusters.map((c) => c.stop()));
  }
}
