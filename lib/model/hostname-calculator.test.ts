import { describe, expect, it } from 'vitest';

import { aCluster, globalLabel, service, snapshotOf } from '../testing/builders';
import { hostnamesOf } from './hostname-calculator';

describe('hostnamesOf', () => {
  const stock = service('inventory', 'stock', { labels: globalLabel });
  const s = snapshotOf(
    aCluster('a', { peers: ['hub'], services: [stock] }),
    aCluster('hub', { peers: ['a', 'c'] }),
    aCluster('c', { peers: ['hub'], services: [stock] }),
  );

  it('lists the local name and every viewer of the global name, with the copies it is merged with', () => {
    expect(hostnamesOf(s, 'a', 'inventory', 'stock')).toEqual([
      {
        hostname: 'stock.inventory.svc.cluster.local',
        kind: 'local',
        viewers: ['a'],
        mergedWith: [],
      },
      {
        hostname: 'stock.inventory.mesh.internal',
        kind: 'global',
        segment: 'default',
        viewers: ['a', 'hub'],
        mergedWith: ['c'],
      },
    ]);
  });

  it('gives only the local name to a service that is not exported, and nothing for an unknown one', () => {
    const local = snapshotOf(aCluster('a', { services: [service('inventory', 'stock')] }));
    expect(hostnamesOf(local, 'a', 'inventory', 'stock').map((h) => h.kind)).toEqual(['local']);
    expect(hostnamesOf(local, 'a', 'inventory', 'nope')).toEqual([]);
  });
});
