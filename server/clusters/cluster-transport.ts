import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import {
  Agent as HttpsAgent,
  type AgentOptions as HttpsAgentOptions,
  type RequestOptions,
} from 'node:https';
import { createSecureContext, type SecureContextOptions } from 'node:tls';

import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

import { contextOptions } from './kube-get';

/**
 * Free connections are closed after this long idle: before a Node API server's default
 * keep-alive timeout (5 s), so a reused connection is never one the server is closing.
 */
const IDLE_MS = 4000;

/**
 * Connections per cluster while the live server lists it for the first time. Every list of a
 * cluster at once took a TLS handshake each (11 per cluster, 550 for 50 clusters), and on both
 * ends a handshake costs more CPU than the list it carries; two connections per cluster keep
 * dozens of clusters' lists in flight together and the handshakes few. The bound is lifted
 * before the watches start (one long-lived connection each).
 */
export const FIRST_SYNC_CONNECTIONS = 2;

/** The TLS and credential fields of client-node's agent options that shape a connection. */
const TLS_FIELDS = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
  'ciphers',
  'ecdhCurve',
  'crl',
  'secureOptions',
  'secureProtocol',
] as const;

type AgentOptions = HttpsAgentOptions & SecureContextOptions;

function fingerprint(options: AgentOptions): string {
  const hash = createHash('sha256');
  for (const field of TLS_FIELDS) {
    const value = (options as Record<string, unknown>)[field];
    hash.update(`${field}=`);
    if (value !== undefined) hash.update(Buffer.isBuffer(value) ? value : JSON.stringify(value));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * One kept-alive connection pool per cluster, shared by its probe, lists and watches.
 * client-node makes a new agent for every request, so each list and each watch paid a TLS
 * handshake of its own (and a new secure context); with one pool a watch takes over the
 * connection its list just freed, later connections resume the TLS session, and the secure
 * context is built once. Credentials are still applied per request (tokens rotate); a change of
 * the TLS material (an exec plugin's client certificate) makes a new pool.
 */
export class ClusterTransport extends KubeConfig {
  private pool?: { key: string; agent: HttpAgent };

  /** `maxSockets` bounds the pool's connections (unbounded by default, as Node's agents are). */
  constructor(
    kc: KubeConfig,
    context: string,
    private poolOptions: { maxSockets?: number } = {},
  ) {
    super();
    this.loadFromOptions(contextOptions(kc, context));
  }

  /** client-node's options for this cluster with the pooled agent in place of a new one. */
  override async applyToHTTPSOptions(opts: RequestOptions): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const cluster = this.getCurrentCluster();
    // A proxy agent (cluster.proxyUrl) stays client-node's: it owns the tunnel.
    if (!cluster || cluster.proxyUrl || !(opts.agent instanceof HttpAgent)) return;
    opts.agent = this.agentFor(opts.agent);
  }

  /** The same for client-node's generated API clients, which take their agent from a context. */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getAgent();
    if (this.getCurrentCluster()?.proxyUrl || !(fresh instanceof HttpAgent)) return;
    context.setAgent(this.agentFor(fresh));
  }

  private agentFor(fresh: HttpAgent): HttpAgent {
    const options = (fresh as HttpAgent & { options: AgentOptions }).options;
    const key = fingerprint(options);
    if (this.pool?.key !== key) {
      this.pool?.agent.destroy();
      const common = {
        keepAlive: true,
        timeout: IDLE_MS,
        scheduling: 'lifo' as const,
        ...this.poolOptions,
      };
      const agent =
        fresh instanceof HttpsAgent
          ? new HttpsAgent({ ...options, ...common, secureContext: createSecureContext(options) })
          : new HttpAgent({ ...common });
      this.pool = { key, agent };
    }
    return this.pool.agent;
  }

  /**
   * A new bound on the pool's connections (undefined: unbounded), for the pool now and any later
   * one. Requests already queued wait for a free connection as before.
   */
  setMaxSockets(maxSockets: number | undefined): void {
    this.poolOptions = { ...this.poolOptions, maxSockets };
    if (this.pool) this.pool.agent.maxSockets = maxSockets ?? Infinity;
  }

  /** Closes the pool's connections (watches are aborted by their informers). */
  close(): void {
    this.pool?.agent.destroy();
    this.pool = undefined;
  }
}
