import 'server-only';

import type { Logger } from 'pino';

import { describeIntent, describeResult } from '@/lib/audit/describe';
import type { ApplyResultDto, Intent } from '@/lib/plan/intent';

import { loadKubeconfig } from '../config/kubeconfig';
import { appLog } from '../live/log';
import { type AuditEventSink, auditEvent, kubeEventSink, recordOf } from './cluster-events';

/** One applied plan, as the audit trail keeps it (issue 13 §3). */
export interface AuditRecord {
  planId: string;
  /** The principal's name; never a credential. */
  user: string;
  /** ISO time the apply finished. */
  at: string;
  intent: Intent;
  /** Clusters the plan touched (wrote or tried to write). */
  clusters: string[];
  result: ApplyResultDto;
}

const MAX_RECORDS = 1000;
/** Reading the clusters' Events again at most this often (another replica may have applied). */
const REREAD_MS = 10_000;
const keyOf = (r: AuditRecord) => `${r.planId}@${r.at}`;

/**
 * The audit trail: every applied plan goes to the server log, to a `SegscopePlanApplied` Event in
 * `istio-system` of each touched cluster, and to memory for the Activity page. At start the
 * Events still in the clusters are read back (Kubernetes keeps Events for its `--event-ttl`,
 * one hour by default), so a restart keeps what the clusters still hold.
 */
export class AuditTrail {
  private readonly records: AuditRecord[] = [];
  private readonly seen = new Set<string>();
  private reading?: Promise<void>;
  private readAt = -Infinity;
  private restored = false;
  private unreadable: string[] = [];

  constructor(
    private readonly sink: () => AuditEventSink | undefined,
    private readonly log: () => Logger,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Logs `record`, writes its Event to every touched cluster (failures logged, not thrown). */
  async record(record: AuditRecord): Promise<void> {
    this.add(record);
    this.log().info(
      {
        audit: {
          planId: record.planId,
          user: record.user,
          at: record.at,
          intent: record.intent,
          clusters: record.clusters,
          ok: record.result.ok,
          steps: record.result.steps,
          rollback: record.result.rollback,
        },
      },
      `plan ${record.planId} by ${record.user}: ${describeIntent(record.intent)}: ${describeResult(record.result)}`,
    );
    const sink = this.sink();
    if (!sink) return;
    const event = auditEvent(record);
    await Promise.all(
      record.clusters.map((cluster) =>
        sink
          .write(cluster, event)
          .catch((e: Error) =>
            this.log().warn(
              { planId: record.planId, cluster, err: e.message },
              'could not write the audit Event',
            ),
          ),
      ),
    );
  }

  /** Applied plans, newest first. */
  list(): readonly AuditRecord[] {
    return this.records;
  }

  history(): { restored: boolean; unreadable: string[] } {
    return { restored: this.restored, unreadable: [...this.unreadable] };
  }

  /**
   * Reads the audit Events back from every cluster: at start (a restart keeps what the clusters
   * hold) and again when asked after `REREAD_MS` (plans another replica applied). Concurrent
   * callers share one read.
   */
  restore(): Promise<void> {
    if (this.reading) return this.reading;
    if (this.now() - this.readAt < REREAD_MS) return Promise.resolve();
    this.reading = this.readBack().finally(() => {
      this.readAt = this.now();
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readBack(): Promise<void> {
    const sink = this.sink();
    if (!sink) return;
    const unreadable: string[] = [];
    await Promise.all(
      sink.contexts().map(async (cluster) => {
        try {
          for (const event of await sink.list(cluster)) {
            const record = recordOf(event);
            if (record) this.add(record);
          }
        } catch (e) {
          unreadable.push(cluster);
          this.log().warn({ cluster, err: (e as Error).message }, 'could not read audit Events');
        }
      }),
    );
    this.unreadable = unreadable.sort();
    this.restored = true;
  }

  private add(record: AuditRecord): void {
    const key = keyOf(record);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.records.push(record);
    this.records.sort((a, b) => b.at.localeCompare(a.at));
    while (this.records.length > MAX_RECORDS) {
      const dropped = this.records.pop()!;
      this.seen.delete(keyOf(dropped));
    }
  }
}

/** The process's kubeconfig, loaded once for audit writes; none (read-only tests) is no sink. */
function defaultSink(): AuditEventSink | undefined {
  try {
    return kubeEventSink(loadKubeconfig(process.env).kc);
  } catch (e) {
    appLog().warn({ err: (e as Error).message }, 'audit Events disabled: no kubeconfig');
    return undefined;
  }
}

const KEY = Symbol.for('segscope.audit-trail');

/** The process's audit trail (one per server, however often Next loads this module). */
export function auditTrail(): AuditTrail {
  const g = globalThis as unknown as Record<symbol, AuditTrail | undefined>;
  if (!g[KEY]) {
    let sink: AuditEventSink | undefined | null = null;
    g[KEY] = new AuditTrail(() => (sink === null ? (sink = defaultSink()) : sink), appLog);
  }
  return g[KEY];
}

/** Replaces the process's audit trail (tests). */
export function setAuditTrail(trail: AuditTrail | undefined): void {
  const g = globalThis as unknown as Record<symbol, AuditTrail | undefined>;
  g[KEY] = trail;
}

/** Records an applied plan: server log, an Event in each touched cluster, the Activity page. */
export async function recordApplied(record: AuditRecord): Promise<void> {
  await auditTrail().record(record);
}

/** Applied plans, newest first. */
export function auditRecords(): readonly AuditRecord[] {
  return auditTrail().list();
}
