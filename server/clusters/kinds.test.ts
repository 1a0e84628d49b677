import { describe, expect, it } from 'vitest';

import { itemsOf, kept } from './kinds';

describe('itemsOf', () => {
  it('restores apiVersion and kind from the list, and drops managedFields', () => {
    const body = {
      apiVersion: 'v1',
      kind: 'ServiceList',
      metadata: { resourceVersion: '7' },
      items: [
        {
          metadata: {
            name: 'checkout',
            namespace: 'payments',
            labels: { 'solo.io/service-scope': 'global' },
            managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:metadata': {} } }],
          },
          spec: { ports: [{ port: 80 }] },
        },
      ],
    };
    const [item] = itemsOf(body as never);
    expect(item).toMatchObject({ apiVersion: 'v1', kind: 'Service' });
    expect(item!.metadata.labels).toEqual({ 'solo.io/service-scope': 'global' });
    expect(JSON.parse(JSON.stringify(item))).not.toHaveProperty('metadata.managedFields');
  });

  it('leaves objects without metadata alone (a watch ERROR carries a Status)', () => {
    const status = { kind: 'Status', code: 410 };
    expect(kept(status)).toEqual({ kind: 'Status', code: 410 });
  });
});
