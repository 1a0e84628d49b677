import 'server-only';

import { hostname } from 'node:os';

import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';

import { z } from 'zod';

import { describeIntent, describeResult } from '@/lib/audit/describe';
import { IntentSchema } from '@/lib/plan/intent';

import { scopedConfig } from '../clusters/kube-get';
import { scrub } from '../live/log';
import type { AuditRecord } from './audit';

export const AUDIT_NAMESPACE = 'istio-system';
export const AUDIT_REASON = 'SegscopePlanApplied';
export const AUDIT_COMPONENT = 'segscope';
/** Selects Segscope's audit Events (and nothing a user or istiod wrote). */
export const AUDIT_LABELS = {
  'app.kubernetes.io/managed-by': 'segscope',
  'segscope.io/audit': 'plan',
};
/** The whole record, as JSON, so that the Activity page can be rebuilt from the clusters. */
export const RECORD_ANNOTATION = 'segscope.io/audit-record';
// Annotations may hold 256 KiB in all; a record past this keeps its summary and drops step detail.
const MAX_RECORD_BYTES = 200 * 1024;
const MAX_MESSAGE = 1024;

/** Where audit Events go: every touched cluster (client-node against the kubeconfig). */
export interface AuditEventSink {
  write(cluster: string, event: CoreV1Event): Promise<void>;
  /** Segscope's audit Events in one cluster. */
  list(cluster: string): Promise<CoreV1Event[]>;
  contexts(): string[];
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** A client-node Event sink over a kubeconfig; messages of failures never carry credentials. */
export function kubeEventSink(kc: KubeConfig, timeoutMs = 5000): AuditEventSink {
  const api = (cluster: string) => scopedConfig(kc, cluster).makeApiClient(CoreV1Api);
  const failure = (cluster: string, e: unknown) =>
    new Error(scrub(`${cluster}: ${(e as Error).message ?? String(e)}`.split('\n')[0]!));
  return {
    contexts: () => kc.getContexts().map((c) => c.name),
    async write(cluster, event) {
      try {
        await withDeadline(
          api(cluster).createNamespacedEvent({ namespace: AUDIT_NAMESPACE, body: event }),
          timeoutMs,
          'writing the audit Event',
        );
      } catch (e) {
        throw failure(cluster, e);
      }
    },
    async list(cluster) {
      try {
        const list = await withDeadline(
          api(cluster).listNamespacedEvent({
            namespace: AUDIT_NAMESPACE,
            labelSelector: Object.entries(AUDIT_LABELS)
              .map(([k, v]) => `${k}=${v}`)
              .join(','),
          }),
          timeoutMs,
          'reading audit Events',
        );
        return list.items;
      } catch (e) {
        throw failure(cluster, e);
      }
    },
  };
}

function compactRecord(record: AuditRecord): string {
  const full = JSON.stringify(record);
  if (Buffer.byteLength(full) <= MAX_RECORD_BYTES) return full;
  return JSON.stringify({
    ...record,
    result: { ...record.result, steps: [], rollback: [], truncated: true },
  });
}

/** The core/v1 Event that records `record` in one cluster. */
export function auditEvent(record: AuditRecord): CoreV1Event {
  const message = `${record.user} ${describeIntent(record.intent)}: ${describeResult(record.result)} (plan ${record.planId})`;
  const at = new Date(record.at);
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      generateName: 'segscope-plan-',
      namespace: AUDIT_NAMESPACE,
      labels: { ...AUDIT_LABELS },
      annotations: { [RECORD_ANNOTATION]: compactRecord(record) },
    },
    involvedObject: { apiVersion: 'v1', kind: 'Namespace', name: AUDIT_NAMESPACE },
    reason: AUDIT_REASON,
    type: record.result.ok ? 'Normal' : 'Warning',
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message,
    source: { component: AUDIT_COMPONENT },
    reportingComponent: AUDIT_COMPONENT,
    reportingInstance: hostname().slice(0, 128),
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
  };
}

// Events are written by anyone allowed to in istio-system: what comes back is checked, not trusted.
const RecordSchema = z.object({
  planId: z.string().max(253),
  user: z.string().max(253),
  at: z.iso.datetime(),
  intent: IntentSchema,
  clusters: z.array(z.string()),
  result: z.object({
    id: z.string(),
    ok: z.boolean(),
    steps: z.array(
      z.object({
        cluster: z.string(),
        step: z.number(),
        status: z.enum(['applied', 'failed', 'skipped', 'rolled-back', 'rollback-failed']),
        message: z.string(),
      }),
    ),
    rollback: z.array(
      z.object({ cluster: z.string(), step: z.number(), ok: z.boolean(), message: z.string() }),
    ),
  }),
});

/** The record an audit Event carries, or undefined when it is not one of ours or is damaged. */
export function recordOf(event: CoreV1Event): AuditRecord | undefined {
  const raw = event.metadata?.annotations?.[RECORD_ANNOTATION];
  if (!raw || event.reason !== AUDIT_REASON) return undefined;
  try {
    const parsed = RecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
