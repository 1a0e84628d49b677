import {
  fieldGetter,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';
import { badRequest, expired, StatusError } from './status';
import type { ObjectStore } from './store';
import type { KubeObject, ResourceType } from './types';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /** A parsed revision (list-query.ts); undefined means "most recent". */
  resourceVersion?: number;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
}

function parseSelectors(type: ResourceType, options: ListOptions) {
  try {
    return {
      labels: parseLabelSelector(options.labelSelector ?? ''),
      fields: parseFieldSelector(options.fieldSelector ?? '', type.fieldSelectors),
    };
  } catch (e) {
    if (e instanceof SelectorError) throw badRequest(e.message);
    throw e;
  }
}

/** A predicate for list and watch filtering by label and field selectors. */
export function selectorFilter(
  type: ResourceType,
  options: ListOptions,
): (o: KubeObject) => boolean {
  const { labels, fields } = parseSelectors(type, options);
  return (o) =>
    matchesLabels(labels, o.metadata.labels) &&
    matchesFields(fields, fieldGetter(o as unknown as Record<string, unknown>));
}

/** Where a paged list continues: the list's revision and the last `<ns>/<name>` served. */
export interface ContinueToken {
  rv: number;
  after: string;
}

/** Reads a `continue` token; an unreadable one is a 400, one older than the history a 410. */
export function decodeContinue(raw: string, store: ObjectStore): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof token.rv !== 'number' || typeof token.after !== 'string') throw new Error('shape');
    if (store.isExpired(token.rv)) {
      throw expired(
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      );
    }
    return token;
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw badRequest(`continue key is not valid: ${raw}`);
  }
}
