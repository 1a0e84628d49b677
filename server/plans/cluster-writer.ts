import {
  ApiException,
  type KubeConfig,
  KubernetesObjectApi,
  type KubernetesObject,
  PatchStrategy,
  type RequestContext,
} from '@kubernetes/client-node';

import type { K8sObject } from '@/lib/model/objects';
import type { PlanObjectRef } from '@/lib/plan/intent';

import { ClusterTransport } from '../clusters/cluster-transport';
import { UNREACHABLE_CODES } from '../clusters/kube-get';

/** Every write Segscope makes is attributed to this field manager (issue 13 §3). */
export const FIELD_MANAGER = 'segscope';

export type WriteResult =
  | { ok: true; object: K8sObject | undefined }
  | { ok: false; status: number; reason: string; message: string };

/** `status` 0: no answer (unreachable, timeout). */
function failureOf(e: unknown): Extract<WriteResult, { ok: false }> {
  if (e instanceof ApiException) {
    let body: { message?: string; reason?: string } = {};
    try {
      body = typeof e.body === 'string' ? JSON.parse(e.body) : (e.body as typeof body);
    } catch {
      // not a Status: keep the code
    }
    return {
      ok: false,
      status: e.code,
      reason: body?.reason ?? '',
      message: body?.message ?? `the API server answered ${e.code}`,
    };
  }
  const name = (e as Error)?.name ?? '';
  if (name === 'TimeoutError' || name === 'AbortError')
    return {
      ok: false,
      status: 0,
      reason: 'Timeout',
      message: `no answer within ${writeTimeoutMs()} ms (a write may still be applied by the cluster)`,
    };
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const cause = (e as { cause?: NodeJS.ErrnoException })?.cause?.code ?? '';
  if (UNREACHABLE_CODES.has(code) || UNREACHABLE_CODES.has(cause))
    return {
      ok: false,
      status: 0,
      reason: 'Unreachable',
      message: 'cannot connect to the cluster',
    };
  // Messages of transport errors can carry URLs; keep them short and credential-free.
  return { ok: false, status: 0, reason: 'Error', message: 'the request to the cluster failed' };
}

const header = (ref: PlanObjectRef) => ({
  apiVersion: ref.apiVersion,
  kind: ref.kind,
  metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
});

/** Plain JSON of what client-node returns (it may hold Dates for built-in kinds). */
const plain = (o: unknown): K8sObject | undefined =>
  o === undefined ? undefined : (JSON.parse(JSON.stringify(o)) as K8sObject);

/**
 * One context's connection pool (the live server's `ClusterTransport`: client-node would pay a
 * TLS handshake per request, and a 50-cluster plan makes hundreds) with a deadline on every
 * request: client-node sets none, and a cluster that stops answering must not hold a plan forever.
 */
class PooledConfig extends ClusterTransport {
  constructor(
    kc: KubeConfig,
    context: string,
    private readonly timeoutMs: number,
  ) {
    super(kc, context, { maxSockets: 16 });
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setSignal(AbortSignal.timeout(this.timeoutMs));
  }
}

/** Deadline of one request of a plan (`SEGSCOPE_WRITE_TIMEOUT_MS`, default 10 s). */
export function writeTimeoutMs(): number {
  const n = Number(process.env.SEGSCOPE_WRITE_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 10_000;
}

const writers = new WeakMap<KubeConfig, Map<string, ClusterWriter>>();

/** The writer of `context` for this kubeconfig, made once (connections and discovery are kept). */
export function writerFor(kc: KubeConfig, context: string): ClusterWriter {
  let byContext = writers.get(kc);
  if (!byContext) writers.set(kc, (byContext = new Map()));
  let writer = byContext.get(context);
  if (!writer) byContext.set(context, (writer = new ClusterWriter(kc, context)));
  return writer;
}

/**
 * Writes to one cluster through client-node's generic object API, with the field manager
 * `segscope`, server-side dry-run on demand and resourceVersion preconditions. Failures are
 * values; messages come from the API server's Status, never from the transport (URLs).
 */
export class ClusterWriter {
  private readonly api: KubernetesObjectApi;
  private readonly config: PooledConfig;

  constructor(
    kc: KubeConfig,
    readonly context: string,
  ) {
    this.config = new PooledConfig(kc, context, writeTimeoutMs());
    this.api = KubernetesObjectApi.makeApiClient(this.config);
  }

  /** Closes idle kept-alive connections. */
  close(): void {
    this.config.close();
  }

  private async run(call: () => Promise<unknown>): Promise<WriteResult> {
    try {
      return { ok: true, object: plain(await call()) };
    } catch (e) {
      return failureOf(e);
    }
  }

  /** The object as it is now; `ok` with no object when it does not exist. */
  async read(ref: PlanObjectRef): Promise<WriteResult> {
    const result = await this.run(() => this.api.read(header(ref)));
    if (!result.ok && result.status === 404 && result.reason === 'NotFound')
      return { ok: true, object: undefined };
    return result;
  }

  create(manifest: K8sObject, dryRun: boolean): Promise<WriteResult> {
    const body = { ...manifest, metadata: { ...manifest.metadata } };
    delete body.metadata.resourceVersion;
    return this.run(() =>
      this.api.create(
        body as KubernetesObject,
        undefined,
        dryRun ? 'All' : undefined,
        FIELD_MANAGER,
      ),
    );
  }

  /** A JSON merge patch that fails with 409 unless the object is still at `resourceVersion`. */
  patch(
    ref: PlanObjectRef,
    patch: Record<string, unknown>,
    resourceVersion: string,
    dryRun: boolean,
  ): Promise<WriteResult> {
    const meta = (patch.metadata ?? {}) as Record<string, unknown>;
    const body = {
      ...patch,
      ...header(ref),
      metadata: { ...meta, ...header(ref).metadata, resourceVersion },
    };
    return this.run(() =>
      this.api.patch(
        body as KubernetesObject,
        undefined,
        dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      ),
    );
  }

  /** Deletes the object only if it is still at `resourceVersion` and/or `uid`, when given. */
  delete(
    ref: PlanObjectRef,
    precondition: { resourceVersion?: string; uid?: string },
    dryRun: boolean,
  ): Promise<WriteResult> {
    return this.run(() =>
      this.api.delete(
        header(ref),
        undefined,
        dryRun ? 'All' : undefined,
        undefined,
        undefined,
        undefined,
        {
          preconditions: precondition,
        },
      ),
    );
  }
}
