import { z } from 'zod';

import { checkNesting, mediaType } from './http-io';
import { decodeKubeProtobuf } from './protobuf';
import { badRequest, invalid, unsupportedMediaType } from './status';
import type { ResourceType } from './types';

export interface DeleteOptions {
  dryRun: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
}

const BODY = z
  .object({
    kind: z.string().optional(),
    apiVersion: z.string().optional(),
    gracePeriodSeconds: z.number().int().nullable().optional(),
    preconditions: z
      .object({
        uid: z.string().nullable().optional(),
        resourceVersion: z.string().nullable().optional(),
      })
      .nullable()
      .optional(),
    orphanDependents: z.boolean().nullable().optional(),
    propagationPolicy: z.string().nullable().optional(),
    dryRun: z.array(z.string()).nullable().optional(),
  })
  .passthrough();

const POLICIES = ['Orphan', 'Background', 'Foreground'] as const;

function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const type = mediaType(contentType);
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return decodeKubeProtobuf(body).object;
    } catch (e) {
      throw unsupportedMediaType(`error decoding DeleteOptions: ${(e as Error).message}`);
    }
  }
  if (type !== '' && type !== 'application/json')
    throw unsupportedMediaType(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/vnd.kubernetes.protobuf',
    );
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`error decoding DeleteOptions: ${(e as Error).message}`);
  }
  checkNesting(value);
  return value;
}

/**
 * A DELETE's options from its body (JSON, or protobuf from client-go) and query. kubectl sends
 * dryRun in the body, not the query (wire-notes pitfall 5).
 */
export function parseDeleteOptions(
  body: Buffer,
  contentType: string | undefined,
  q: URLSearchParams,
): DeleteOptions {
  const parsed = BODY.safeParse(decodeBody(body, contentType));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      `error decoding DeleteOptions: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const options = parsed.data;
  if (options.kind !== undefined && options.kind !== 'DeleteOptions')
    throw badRequest(`error decoding DeleteOptions: kind ${JSON.stringify(options.kind)}`);
  const policy = q.get('propagationPolicy') ?? options.propagationPolicy ?? undefined;
  const dryRunValues = [...q.getAll('dryRun'), ...(options.dryRun ?? [])];
  const bad = dryRunValues.find((v) => v !== 'All');
  const causes = [
    ...(policy !== undefined && !(POLICIES as readonly string[]).includes(policy)
      ? [
          {
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
            field: 'propagationPolicy',
          },
        ]
      : []),
    ...(bad !== undefined
      ? [
          {
            reason: 'FieldValueNotSupported',
            message: `Unsupported value: ${JSON.stringify(bad)}: supported values: "All"`,
            field: 'dryRun',
          },
        ]
      : []),
  ];
  if (causes.length > 0)
    throw invalid({ kind: 'DeleteOptions', group: 'meta.k8s.io' } as ResourceType, '', causes);
  const pre = options.preconditions;
  const preconditions =
    pre && (pre.uid || pre.resourceVersion)
      ? {
          ...(pre.uid ? { uid: pre.uid } : {}),
          ...(pre.resourceVersion ? { resourceVersion: pre.resourceVersion } : {}),
        }
      : undefined;
  return {
    dryRun: dryRunValues.includes('All'),
    ...(preconditions ? { preconditions } : {}),
    ...(policy ? { propagationPolicy: policy as DeleteOptions['propagationPolicy'] } : {}),
  };
}
