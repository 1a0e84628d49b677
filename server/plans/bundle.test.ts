import { gunzipSync } from 'node:zlib';

import { strFromU8, unzipSync } from 'fflate';
import { extract } from 'tar-stream';
import { describe, expect, it } from 'vitest';

import { analyseFleet } from '@/lib/engine/fleet-engine';
import { planIntent } from '@/lib/plan/planner';
import { aCluster, aFleet } from '@/lib/testing/builders';

import { bundle } from './bundle';

const ID = '0123abcd-0000-4000-8000-000000000000';

function steps() {
  const input = aFleet(
    aCluster('east', { peers: ['west'] }),
    aCluster('west', { peers: ['east'] }),
  );
  const planned = planIntent(
    { type: 'create-segment', name: 'pay', domain: 'pay.mesh', clusters: ['east'] },
    analyseFleet(input),
  );
  if (!planned.ok) throw new Error(JSON.stringify(planned.errors));
  return planned.plan.steps;
}

async function untar(bytes: Uint8Array): Promise<Map<string, { text: string; mode: number }>> {
  const out = new Map<string, { text: string; mode: number }>();
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        out.set(header.name, {
          text: Buffer.concat(chunks).toString('utf8'),
          mode: header.mode ?? 0,
        });
        next();
      });
    });
    reader.on('finish', () => resolve());
    reader.on('error', reject);
  });
  reader.end(gunzipSync(bytes));
  await done;
  return out;
}

describe('GitOps bundle', () => {
  it('holds one folder per cluster with its manifests in plan order, and an executable apply.sh, as tar.gz and zip', async () => {
    const files = await untar(await bundle(ID, steps(), 'tar.gz'));
    expect([...files.keys()].sort()).toEqual([
      'segscope-plan-0123abcd/README.md',
      'segscope-plan-0123abcd/apply.sh',
      'segscope-plan-0123abcd/east/001-apply-segment-segment-pay.yaml',
      'segscope-plan-0123abcd/east/003-label-namespace-namespace-istio-system.patch.yaml',
      'segscope-plan-0123abcd/west/002-apply-segment-segment-pay.yaml',
    ]);
    const script = files.get('segscope-plan-0123abcd/apply.sh')!;
    expect(script.mode).toBe(0o755);
    expect(script.text.indexOf('--context west apply')).toBeLessThan(
      script.text.indexOf('--context east label'),
    );
    expect(
      files.get('segscope-plan-0123abcd/west/002-apply-segment-segment-pay.yaml')?.text,
    ).toContain('domain: pay.mesh');
    const zip = unzipSync(await bundle(ID, steps(), 'zip'));
    expect(Object.keys(zip).sort()).toEqual([...files.keys()].sort());
    expect(strFromU8(zip['segscope-plan-0123abcd/apply.sh']!)).toBe(script.text);
  });
});
