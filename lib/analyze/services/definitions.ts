import type { ServicePort, ServiceModel } from '../../model/snapshot';
import { groupBy, joinList, whereEach } from './common';

/** Port-name prefixes Istio reads as the application protocol (`http-web` → HTTP). */
const NAMED_PROTOCOLS = new Set([
  'http',
  'http2',
  'https',
  'grpc',
  'grpc-web',
  'mongo',
  'mysql',
  'redis',
  'tcp',
  'tls',
  'thrift',
  'dubbo',
  'zookeeper',
]);

const APP_PROTOCOL_ALIASES: Record<string, string> = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

/**
 * The application protocol a port declares, as Istio selects it: `appProtocol`, else the port
 * name's prefix; undefined when neither declares one (reference.md §2.5.1 "protocol from the
 * remote annotation").
 */
export function declaredProtocol(port: ServicePort): string | undefined {
  if (port.protocol.toUpperCase() !== 'TCP') return undefined;
  if (port.appProtocol) {
    const lower = port.appProtocol.toLowerCase();
    return APP_PROTOCOL_ALIASES[lower] ?? port.appProtocol.toUpperCase();
  }
  const name = port.name?.toLowerCase();
  if (!name) return undefined;
  if (name === 'grpc-web' || name.startsWith('grpc-web-')) return 'GRPC-WEB';
  const prefix = name.split('-')[0] ?? '';
  return NAMED_PROTOCOLS.has(prefix) ? prefix.toUpperCase() : undefined;
}

/** `8080`, or `53/UDP` for non-TCP ports: ports are told apart by number and transport. */
const portKey = (p: ServicePort) =>
  p.protocol.toUpperCase() === 'TCP' ? String(p.port) : `${p.port}/${p.protocol.toUpperCase()}`;

const definitionCache = new WeakMap<ServiceModel, string>();
const appCache = new WeakMap<ServiceModel, string>();

/** What must agree across the copies of one aggregate (SVC407): type, addressing, ports. */
export function definitionSignature(s: ServiceModel): string {
  let sig = definitionCache.get(s);
  if (sig === undefined) {
    const ports = s.ports
      .map((p) => `${portKey(p)}:${p.name ?? ''}:${declaredProtocol(p) ?? ''}`)
      .sort();
    sig = `${s.type}|${s.headless}|${ports.join(',')}`;
    definitionCache.set(s, sig);
  }
  return sig;
}

/**
 * Labels that say who owns an app (SVC408): copies that disagree on one of them are likely
 * different apps. Environment labels count too: dev and prod copies merged is §4.2.
 */
export const OWNER_LABELS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/part-of',
  'team',
  'owner',
  'environment',
  'env',
];

const selectorText = (selector: Record<string, string>) => {
  const entries = Object.entries(selector).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '(none)';
};

/** What says which app a copy is (SVC408): selector and owner labels. */
export function appSignature(s: ServiceModel): string {
  let sig = appCache.get(s);
  if (sig === undefined) {
    sig = [selectorText(s.selector), ...OWNER_LABELS.map((k) => s.labels[k] ?? '\u0000')].join('|');
    appCache.set(s, sig);
  }
  return sig;
}

/** Equal type, addressing and ports in the same order: the common case, without building strings. */
function sameDefinition(a: ServiceModel, b: ServiceModel): boolean {
  if (a === b) return true;
  if (a.type !== b.type || a.headless !== b.headless || a.ports.length !== b.ports.length)
    return false;
  return a.ports.every((p, i) => {
    const q = b.ports[i]!;
    return (
      p.port === q.port &&
      p.protocol === q.protocol &&
      p.name === q.name &&
      p.appProtocol === q.appProtocol
    );
  });
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** Equal selectors and owner labels: the common case, without building strings. */
function sameApp(a: ServiceModel, b: ServiceModel): boolean {
  return (
    a === b ||
    (sameRecord(a.selector, b.selector) && OWNER_LABELS.every((k) => a.labels[k] === b.labels[k]))
  );
}

const where = (copies: ServiceModel[], value: (s: ServiceModel) => string) =>
  new Map([...groupBy(copies, value)].map(([v, list]) => [v, list.map((s) => s.cluster)]));

export interface DefinitionDiff {
  /** Human-readable differences, e.g. `conflicting port 8080 names (http in a, grpc in b)`. */
  parts: string[];
  /** Two copies declare different application protocols on one port: forced to TCP. */
  protocolConflict: boolean;
}

/** Where the copies of one aggregate disagree on type, addressing and ports (SVC407). */
export function definitionDiff(copies: ServiceModel[]): DefinitionDiff {
  const parts: string[] = [];
  let protocolConflict = false;
  if (copies.every((c) => sameDefinition(copies[0]!, c))) return { parts, protocolConflict };
  if (new Set(copies.map(definitionSignature)).size <= 1) return { parts, protocolConflict };
  const types = where(copies, (s) => s.type);
  if (types.size > 1) parts.push(`conflicting types (${whereEach(types)})`);
  const addressing = where(copies, (s) => (s.headless ? 'headless' : 'a cluster IP'));
  if (addressing.size > 1) parts.push(`conflicting addressing (${whereEach(addressing)})`);

  const ports = new Map<string, { s: ServiceModel; p: ServicePort }[]>();
  for (const s of copies) {
    for (const p of s.ports) {
      const key = portKey(p);
      const list = ports.get(key);
      if (list) list.push({ s, p });
      else ports.set(key, [{ s, p }]);
    }
  }
  const keys = [...ports.keys()].sort(
    (a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b),
  );
  for (const key of keys) {
    const holders = ports.get(key)!;
    const clusters = [...new Set(holders.map((h) => h.s.cluster))];
    if (clusters.length < copies.length)
      parts.push(`port ${key} only in ${joinList(clusters.sort())}`);
    if (holders.length < 2) continue;
    const names = new Map(
      [...groupBy(holders, (h) => h.p.name ?? '(unnamed)')].map(([v, l]) => [
        v,
        l.map((h) => h.s.cluster),
      ]),
    );
    if (names.size > 1) parts.push(`conflicting port ${key} names (${whereEach(names)})`);
    const declared = holders.filter((h) => declaredProtocol(h.p) !== undefined);
    const protocols = new Map(
      [...groupBy(declared, (h) => declaredProtocol(h.p)!)].map(([v, l]) => [
        v,
        l.map((h) => h.s.cluster),
      ]),
    );
    if (protocols.size > 1) {
      protocolConflict = true;
      parts.push(
        `conflicting port ${key} protocols (${whereEach(protocols)}), so the generated ServiceEntry falls back to TCP where no local copy exists`,
      );
    }
  }
  return { parts, protocolConflict };
}

/** Where the copies of one aggregate look like different apps: selectors, owner labels (SVC408). */
export function appDiff(copies: ServiceModel[]): string[] {
  if (copies.every((c) => sameApp(copies[0]!, c))) return [];
  if (new Set(copies.map(appSignature)).size <= 1) return [];
  const parts: string[] = [];
  const selectors = where(copies, (s) => selectorText(s.selector));
  if (selectors.size > 1) parts.push(`selectors differ (${whereEach(selectors)})`);
  for (const key of OWNER_LABELS) {
    const labelled = copies.filter((s) => s.labels[key] !== undefined);
    const values = where(labelled, (s) => s.labels[key]!);
    if (values.size > 1) parts.push(`label ${key} differs (${whereEach(values)})`);
  }
  return parts;
}

/**
 * Who should align: the copies unlike the most common one (`others`), unless no group is larger
 * than the rest (`tie`), in which case every cluster is named.
 */
export function outliers(copies: ServiceModel[], signature: (s: ServiceModel) => string) {
  const groups = [...groupBy(copies, signature).values()]
    .map((group) => group.map((s) => s.cluster).sort((a, b) => a.localeCompare(b)))
    .sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
  return {
    reference: groups[0] ?? [],
    others: groups
      .slice(1)
      .flat()
      .sort((a, b) => a.localeCompare(b)),
    tie: groups.length > 1 && groups[0]!.length === groups[1]!.length,
  };
}
