/**
 * Which clusters must hold a segment's Segment resource, and why (README §4, reference.md §2.1.3):
 * every member, and every cluster that peers with a member. A cluster discovers a peer's services
 * only if it holds the peer's segment with the same domain; without it istiod disables discovery
 * of that peer (SEG201). Pure and small, so the wizard calls it in the browser on the fleet DTO's
 * edges, and the planner on the snapshot's.
 */

/** A directed peering as both the snapshot and the fleet DTO have it: `from` discovers `to`. */
export interface PeeringLink {
  from: string;
  to: string;
  /** `to` is a fleet cluster (unmanaged peers cannot be written to and are ignored). */
  managed?: boolean;
}

export interface RequiredHolder {
  cluster: string;
  /** `member`: joins the segment; `peer`: only holds the Segment for its peers' sake. */
  role: 'member' | 'peer';
  /** The members this cluster holds a peer gateway for (discovers), sorted. */
  peersWith: string[];
  /** One sentence for the wizard. */
  reason: string;
}

const byName = (a: string, b: string) => a.localeCompare(b);

function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Every cluster that must hold Segment `segment` once `members` are in it: the members first (in
 * the order given, without duplicates), then every other fleet cluster with a peer gateway to a
 * member, sorted, each with the members it discovers and a reason to show.
 */
export function requiredHolders(
  segment: string,
  members: readonly string[],
  links: readonly PeeringLink[],
): RequiredHolder[] {
  const memberSet = new Set(members);
  const discovers = new Map<string, Set<string>>();
  for (const link of links) {
    if (link.managed === false || link.from === link.to || !memberSet.has(link.to)) continue;
    const set = discovers.get(link.from) ?? new Set<string>();
    set.add(link.to);
    discovers.set(link.from, set);
  }
  const peersOf = (c: string) => [...(discovers.get(c) ?? [])].sort(byName);
  const out: RequiredHolder[] = [...memberSet].map((cluster) => ({
    cluster,
    role: 'member',
    peersWith: peersOf(cluster),
    reason: `member of segment "${segment}": its istio-system is labelled only after every holder has the Segment`,
  }));
  for (const cluster of [...discovers.keys()].filter((c) => !memberSet.has(c)).sort(byName)) {
    const peers = peersOf(cluster);
    out.push({
      cluster,
      role: 'peer',
      peersWith: peers,
      reason:
        `peers with ${listText(peers)} (holds a peer gateway for ${peers.length === 1 ? 'it' : 'them'}): ` +
        `without Segment "${segment}" it would stop discovering ${peers.length === 1 ? 'its' : 'their'} services (SEG201)`,
    });
  }
  return out;
}
