import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import yaml from 'js-yaml';

import type { K8sObject } from '@/lib/model/objects';

export class OverlayError extends Error {}

function isObject(doc: unknown): doc is K8sObject {
  const o = doc as K8sObject | null;
  return (
    o !== null &&
    typeof o === 'object' &&
    typeof o.kind === 'string' &&
    typeof o.apiVersion === 'string' &&
    typeof o.metadata?.name === 'string'
  );
}

/**
 * Reads `DIR/<context>/*.yaml` (multi-document YAML) into manifests per context. Anything that is
 * not a Kubernetes object with apiVersion, kind and metadata.name is an error naming the file.
 */
export function readOverlay(dir: string, contexts: string[]): Map<string, K8sObject[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new OverlayError(`-f ${dir}: not a directory`);
  const out = new Map<string, K8sObject[]>();
  const folders = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory());
  for (const folder of folders) {
    if (!contexts.includes(folder)) {
      throw new OverlayError(
        `-f ${dir}: folder "${folder}" names no context being analysed (${contexts.join(', ')})`,
      );
    }
    const manifests: K8sObject[] = [];
    for (const file of readdirSync(join(dir, folder))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      const path = join(dir, folder, file);
      let docs: unknown[];
      try {
        docs = yaml.loadAll(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new OverlayError(`${path}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
      }
      for (const [i, doc] of docs.entries()) {
        if (doc === null || doc === undefined) continue;
        if (!isObject(doc))
          throw new OverlayError(
            `${path}: document ${i + 1} is not a Kubernetes object (apiVersion, kind, metadata.name)`,
          );
        manifests.push(doc);
      }
    }
    out.set(folder, manifests);
  }
  return out;
}
