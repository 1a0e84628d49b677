import 'server-only';

import { gzipSync } from 'node:zlib';

import { strToU8, zipSync } from 'fflate';
import { pack } from 'tar-stream';

import { commandOf, type PlannedStep } from '@/lib/plan/steps';

/**
 * The GitOps bundle of a plan (issue 13 §1): one folder per cluster with the manifests (and label
 * patches) of its steps, numbered in plan order, a README, and `apply.sh` with the kubectl
 * commands in order (Segments everywhere before any label). As a zip (fflate) or a tar.gz
 * (tar-stream + zlib).
 */

export type BundleFormat = 'zip' | 'tar.gz';

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/** Bundle files by path. */
export function bundleFiles(id: string, steps: readonly PlannedStep[]): Map<string, string> {
  const root = `segscope-plan-${id.slice(0, 8)}`;
  const files = new Map<string, string>();
  steps.forEach((step, i) => {
    const n = String(i + 1).padStart(3, '0');
    const suffix = step.write.op === 'patch' && step.object.kind !== 'Segment' ? '.patch' : '';
    const name = `${n}-${step.action}-${safeName(step.object.kind.toLowerCase())}-${safeName(step.object.name)}${suffix}.yaml`;
    files.set(`${root}/${safeName(step.cluster)}/${name}`, `# ${step.description}\n${step.yaml}`);
  });
  const script = [
    '#!/bin/sh',
    `# Segscope plan ${id}: run from anywhere with a kubeconfig holding these contexts.`,
    '# Segments are applied to every cluster before any label changes; stop at the first failure.',
    'set -eu',
    '',
    ...steps.map(commandOf),
    '',
  ].join('\n');
  files.set(`${root}/apply.sh`, script);
  files.set(
    `${root}/README.md`,
    `# Segscope plan ${id}\n\nOne folder per cluster with the manifests of its steps, numbered in the ` +
      `order they must be applied across the fleet. Files ending in \`.patch.yaml\` are label changes ` +
      `(a \`null\` value removes the label). \`apply.sh\` performs the whole plan with kubectl.\n`,
  );
  return files;
}

export async function bundle(
  id: string,
  steps: readonly PlannedStep[],
  format: BundleFormat,
): Promise<Uint8Array> {
  const files = bundleFiles(id, steps);
  if (format === 'zip') {
    const entries = Object.fromEntries(
      [...files].map(([path, text]) => [
        path,
        // Unix permissions in the high bits of the external attributes (os 3: Unix).
        [strToU8(text), { os: 3, attrs: (path.endsWith('.sh') ? 0o100755 : 0o100644) << 16 }],
      ]),
    ) as Parameters<typeof zipSync>[0];
    return zipSync(entries);
  }
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  for (const [path, text] of files)
    tar.entry({ name: path, mode: path.endsWith('.sh') ? 0o755 : 0o644 }, text);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
