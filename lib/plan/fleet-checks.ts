/**
 * The rules of an intent that need the fleet (issue 13 §1): clusters known and reachable, a domain
 * no other segment uses anywhere, and an existing Segment of the same name with another domain
 * shown as a conflict with its cluster, never overwritten. Works on plain data that both the
 * server's snapshot and the browser's fleet DTO provide, so the wizard shows the same messages as
 * the API's 400. Pure.
 */
import type { FieldError } from './intent';

/** One Segment resource somewhere in the fleet. */
export interface SegmentUse {
  name: string;
  cluster: string;
  namespace: string;
  domain: string;
}

/** A cluster as far as writing to it goes. */
export interface WritableCluster {
  name: string;
  reachable: boolean;
  /** Serves a Segment API (SEG209 otherwise); unknown counts as yes. */
  segmentApi?: boolean;
}

const sortedUnique = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => a.localeCompare(b));

/** Why `cluster` cannot be written to (for a field `path`), or undefined. */
export function clusterProblem(
  clusters: readonly WritableCluster[],
  name: string,
  options: { needsSegmentApi?: boolean } = {},
): string | undefined {
  const c = clusters.find((x) => x.name === name);
  if (!c) return `unknown cluster "${name}"`;
  if (!c.reachable) return `cluster "${name}" is not reachable: Segscope cannot write to it now`;
  if (options.needsSegmentApi && c.segmentApi === false)
    return `cluster "${name}" serves no Segment API: upgrade it first (SEG209)`;
  return undefined;
}

/** Another segment's use of `domain`, as a message, or undefined. */
export function domainTaken(
  uses: readonly SegmentUse[],
  name: string,
  domain: string,
): string | undefined {
  const others = uses.filter((u) => u.domain === domain && u.name !== name);
  if (others.length === 0) return undefined;
  const where = sortedUnique(others.map((u) => `Segment "${u.name}" in ${u.cluster}`));
  return `domain "${domain}" is already used by ${where.join(', ')}: every segment needs its own domain`;
}

/** Clusters holding Segment `name` with another domain than `domain` (a conflict, never overwritten). */
export function nameConflicts(
  uses: readonly SegmentUse[],
  name: string,
  domain: string,
): FieldError[] {
  return uses
    .filter((u) => u.name === name && u.domain !== domain)
    .sort((a, b) => a.cluster.localeCompare(b.cluster))
    .map((u) => ({
      path: 'name',
      message:
        `Segment "${name}" already exists in ${u.cluster} (${u.namespace}) with domain ` +
        `"${u.domain}": Segscope does not overwrite it; use that domain or another name`,
    }));
}

/** Fleet problems of a create-segment intent whose static fields are valid. */
export function createSegmentProblems(
  intent: { name: string; domain: string; clusters: readonly string[] },
  uses: readonly SegmentUse[],
  clusters: readonly WritableCluster[],
): FieldError[] {
  const errors: FieldError[] = [];
  const taken = domainTaken(uses, intent.name, intent.domain);
  if (taken) errors.push({ path: 'domain', message: taken });
  errors.push(...nameConflicts(uses, intent.name, intent.domain));
  const seen = new Set<string>();
  intent.clusters.forEach((name, i) => {
    if (seen.has(name))
      errors.push({ path: `clusters.${i}`, message: `cluster "${name}" is listed twice` });
    seen.add(name);
    const problem = clusterProblem(clusters, name, { needsSegmentApi: true });
    if (problem) errors.push({ path: `clusters.${i}`, message: problem });
  });
  return errors;
}

/** The Segment uses of the fleet DTO (`GET /api/fleet` segments), for the wizard. */
export function segmentUsesOfDto(
  segments: readonly {
    name: string;
    holders: readonly { cluster: string; namespace: string; domain: string }[];
  }[],
): SegmentUse[] {
  return segments.flatMap((s) =>
    s.holders.map((h) => ({
      name: s.name,
      cluster: h.cluster,
      namespace: h.namespace,
      domain: h.domain,
    })),
  );
}

/** The clusters of the fleet DTO as the checks need them: synced or stale ones can be written. */
export function writableOfDto(
  clusters: readonly { id: string; health: string }[],
): WritableCluster[] {
  return clusters.map((c) => ({
    name: c.id,
    reachable: c.health === 'synced' || c.health === 'stale',
  }));
}
