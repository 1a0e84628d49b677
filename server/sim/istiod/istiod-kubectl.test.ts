// The istiod stand-in seen through the real kubectl: what a user labels, istiod reflects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { globalLabel, service } from '../../../lib/testing/builders';
import { expectOk as ok, lines, startTestFleet, type TestFleet, waitFor } from '../testing/kubectl';
import { simCluster } from './testing';

describe('istiod stand-in through kubectl', () => {
  let env: TestFleet;
  beforeAll(async () => {
    const checkout = service('payments', 'checkout', { labels: globalLabel });
    env = await startTestFleet([
      simCluster('c1', { peers: ['c2'], segments: [['dev', 'dev.mesh']], services: [checkout] }),
      simCluster('c2', { peers: ['c1'], segments: [['dev', 'dev.mesh']], services: [checkout] }),
    ]);
  });
  afterAll(() => env?.stop());

  it('shows LOCAL True once istio-system is labelled with the segment', async () => {
    const { kubectl } = env.session();
    const row = async (context: string) => {
      const out = ok(await kubectl(['get', 'segments', '-n', 'istio-system'], { context }));
      const [header, ...rows] = lines(out);
      expect(header?.split(/\s+/)).toEqual([
        'NAME',
        'DOMAIN',
        'LOCAL',
        'CONNECTED',
        'REJECTED',
        'AGE',
      ]);
      return rows.find((r) => r.startsWith('dev '))?.split(/\s+/) ?? [];
    };
    expect((await row('c1')).slice(0, 3)).toEqual(['dev', 'dev.mesh', 'False']);

    for (const context of ['c1', 'c2']) {
      ok(
        await kubectl(['label', 'namespace', 'istio-system', 'admin.solo.io/segment=dev'], {
          context,
        }),
      );
    }
    const dev = await waitFor(
      async () => {
        const r = await row('c1');
        return r[2] === 'True' && r[3] === '1' ? r : undefined;
      },
      5000,
      'LOCAL True and one connected peer',
    );
    // NAME DOMAIN LOCAL CONNECTED AGE: no rejected peers, so REJECTED is blank (omitempty).
    expect(dev.slice(0, 4)).toEqual(['dev', 'dev.mesh', 'True', '1']);
    expect(dev).toHaveLength(5);

    const entries = ok(
      await kubectl(['get', 'serviceentries', '-n', 'istio-system', '-o', 'name'], {
        context: 'c2',
      }),
    );
    expect(lines(entries)).toEqual([
      'serviceentry.networking.istio.io/autogen.dev.payments.checkout',
    ]);
  });
});
