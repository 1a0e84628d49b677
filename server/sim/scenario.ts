import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import yaml from 'js-yaml';

import type { SegmentApi } from './base-cluster';
import { type ClusterSpec, splitManifests } from './fleet';
import type { KubeObject } from './types';

export const SCENARIOS_DIR = join(import.meta.dirname, 'scenarios');

interface ScenarioFile {
  description?: string;
  clusters?: {
    name: string;
    base?: 'istio' | 'empty';
    segmentApi?: SegmentApi;
    readOnly?: boolean;
  }[];
}

export interface Scenario {
  name: string;
  description: string;
  clusters: ClusterSpec[];
}

/** Built-in scenario names (folders under server/sim/scenarios). */
export function builtInScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => statSync(join(SCENARIOS_DIR, f)).isDirectory())
    .sort();
}

function manifestsIn(dir: string): { source: string; object: KubeObject }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => splitManifests(readFileSync(join(dir, f), 'utf8'), join(dir, f)));
}

/**
 * Reads a scenario: `scenario.yaml` lists the clusters (else every sub-folder is one), and
 * `<cluster>/*.yaml` are applied in file order after `_all/*.yaml`, like `kubectl apply -f`.
 */
export function loadScenario(nameOrDir: string): Scenario {
  const dir =
    existsSync(join(SCENARIOS_DIR, nameOrDir)) && !nameOrDir.includes('/')
      ? join(SCENARIOS_DIR, nameOrDir)
      : resolve(nameOrDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(
      `scenario "${nameOrDir}" not found: give a built-in name (${builtInScenarios().join(', ')}) or a directory`,
    );
  }
  const file = join(dir, 'scenario.yaml');
  const meta = existsSync(file)
    ? ((yaml.load(readFileSync(file, 'utf8')) ?? {}) as ScenarioFile)
    : {};
  const listed =
    meta.clusters ??
    readdirSync(dir)
      .filter((f) => !f.startsWith('_') && statSync(join(dir, f)).isDirectory())
      .sort()
      .map((name) => ({ name }));
  if (listed.length === 0) throw new Error(`scenario ${dir} has no clusters`);
  const shared = manifestsIn(join(dir, '_all'));
  return {
    name: nameOrDir,
    description: meta.description ?? '',
    clusters: listed.map((c) => ({
      ...c,
      manifests: [...shared, ...manifestsIn(join(dir, c.name))],
    })),
  };
}
