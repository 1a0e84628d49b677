import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadLiveConfig, selectClusters } from './live-config';

const dir = mkdtempSync(join(tmpdir(), 'segscope-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const CONTEXTS = [
  { name: 'prod-east', server: 'https://east:6443' },
  { name: 'prod-west', server: 'https://west:6443' },
];

describe('SEGSCOPE_CONFIG', () => {
  it('defaults to every context with the standard timeouts', () => {
    const config = loadLiveConfig({});
    expect(config).toMatchObject({ timeoutMs: 3000, probeIntervalMs: 5000, debounceMs: 30 });
    expect(selectClusters(config, CONTEXTS).map((c) => c.displayName)).toEqual([
      'prod-east',
      'prod-west',
    ]);
  });

  it('selects contexts in its own order, with display names and timeouts', () => {
    const path = file(
      'ok.yaml',
      `clusters:\n  - context: prod-west\n    displayName: Production West\n    timeoutMs: 9000\ntimeoutMs: 2000\n`,
    );
    const selected = selectClusters(loadLiveConfig({ SEGSCOPE_CONFIG: path }), CONTEXTS);
    expect(selected).toEqual([
      {
        context: 'prod-west',
        server: 'https://west:6443',
        displayName: 'Production West',
        timeoutMs: 9000,
      },
    ]);
  });

  it('rejects bad files with a message naming the file and the field', () => {
    expect(() =>
      loadLiveConfig({ SEGSCOPE_CONFIG: file('typo.yaml', 'clusters:\n  - contxt: a\n') }),
    ).toThrow(/typo\.yaml is invalid: clusters\.0/);
    expect(() => loadLiveConfig({ SEGSCOPE_CONFIG: file('neg.yaml', 'timeoutMs: -1\n') })).toThrow(
      /timeoutMs/,
    );
    expect(() => loadLiveConfig({ SEGSCOPE_CONFIG: file('bad.yaml', 'a: [\n') })).toThrow(
      /not valid YAML/,
    );
    expect(() => loadLiveConfig({ SEGSCOPE_CONFIG: join(dir, 'absent.yaml') })).toThrow(
      /cannot be read: ENOENT/,
    );
    const unknown = file('unknown.yaml', 'clusters:\n  - context: staging\n');
    expect(() => selectClusters(loadLiveConfig({ SEGSCOPE_CONFIG: unknown }), CONTEXTS)).toThrow(
      /"staging", which the kubeconfig does not have; it has prod-east, prod-west/,
    );
  });
});
