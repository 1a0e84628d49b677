import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';

import {
  ClusterApi,
  type FieldValidation,
  type ListOptions,
  type WriteOptions,
  type WriteResult,
} from './cluster-api';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
  negotiateAggregated,
} from './discovery';
import { type Faults, injectedFailure, NO_FAULTS, updateFaults } from './faults';
import {
  decodeObject,
  mediaType,
  readBody,
  sendEncoded,
  sendJson,
  sendList,
  sendStatus,
  sendText,
  warningHeaders,
} from './http-io';
import { parseDeleteOptions } from './delete-options';
import { openApiDocument, openApiIndex, openApiV2 } from './openapi';
import { Registry } from './registry';
import { parseDryRun, parseListQuery, queryBool } from './list-query';
import { parseRequestTarget, type RequestTarget } from './request-target';
import { type Identity, impersonate, review, REVIEW_RESOURCES } from './reviews';
import { serviceAccountMay } from './rbac';
import { route, type Route } from './route';
import {
  badRequest,
  forbidden,
  injectedStatus,
  internalError,
  methodNotAllowed,
  notFound,
  pathNotFound,
  StatusError,
  unauthorized,
} from './status';
import { ObjectStore } from './store';
import { type IncludeObject, toTable } from './table';
import type { KubeObject, ResourceType } from './types';
import { groupVersion } from './types';
import { defaultWatchTimeoutMs, serveWatch, WatchHub } from './watch';

export interface SimUser {
  name: string;
  token: string;
  /** Read-only users get 403 Forbidden on every write, like a `view` ClusterRole binding. */
  readOnly: boolean;
}

export interface SimClusterOptions {
  name: string;
  host?: string;
  port?: number;
  users: SimUser[];
  startRv?: number;
}

type Resolved = Extract<Route, { kind: 'resource' }>;

const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-01T00:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/**
 * kubectl only sends bearer tokens over TLS, so every simulated API server serves https with one
 * fixed loopback identity whose CA goes into the kubeconfig (fixtures/README.md).
 */
const fixture = (file: string) => readFileSync(new URL(`./fixtures/${file}`, import.meta.url));
export const SIM_CA = fixture('sim-ca.pem').toString('utf8');
const TLS = { cert: fixture('sim-server.pem'), key: fixture('sim-server.key') };

const ANONYMOUS: SimUser = { name: 'system:anonymous', token: '', readOnly: true };

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function verbOf(method: string, r: Route, watch: boolean): string {
  if (r.kind !== 'resource') return method.toLowerCase();
  const named = r.kind === 'resource' && r.name !== undefined;
  switch (method) {
    case 'GET':
      return watch ? 'watch' : named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

const wantsTable = (accept: string | undefined) => /as=Table/.test(accept ?? '');

/** One simulated Kubernetes API server on 127.0.0.1, with its own store, users and faults. */
export class SimCluster {
  readonly name: string;
  readonly host: string;
  readonly store: ObjectStore;
  readonly registry = new Registry();
  readonly api: ClusterApi;
  readonly hub = new WatchHub();
  users: SimUser[];
  faults: Faults = NO_FAULTS;
  bookmarkIntervalMs = 30_000;
  /** How long a watch without timeoutSeconds stays open (tests shorten it). */
  watchTimeoutMs: () => number = defaultWatchTimeoutMs;
  port: number;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** Tokens issued by TokenRequests, to the service account they stand for. */
  private readonly serviceAccountTokens = new Map<string, { namespace: string; name: string }>();

  constructor(options: SimClusterOptions) {
    this.name = options.name;
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 0;
    this.users = options.users;
    this.store = new ObjectStore(options.startRv);
    this.api = new ClusterApi(this.store, this.registry);
  }

  get url(): string {
    return `https://${this.host}:${this.port}`;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  async start(): Promise<void> {
    if (this.server?.listening) return;
    const server = createServer(TLS, (req, res) => void this.handle(req, res));
    // Informers hold connections for a long time; keep idle sockets alive longer than clients do.
    server.keepAliveTimeout = 120_000;
    // Every TCP connection from its first byte: one still in its TLS handshake is neither a
    // secure connection nor one of the HTTP server's, and close() would wait for it (up to the
    // two-minute handshake timeout) when the cluster goes down.
    const track = (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    };
    server.on('connection', track);
    server.on('secureConnection', track);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops answering: open watches and sockets are cut, new connections are refused. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.hub.closeAll(true);
    for (const socket of this.sockets) socket.destroy();
    // Connections still in their TLS handshake are not in `sockets` yet; without this, close()
    // can wait on one forever.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async setFaults(change: unknown): Promise<Faults> {
    const next = updateFaults(this.faults, change);
    this.faults = next;
    if (next.down) await this.stop();
    else await this.start();
    if (next.dropWatches) this.hub.closeAll(false);
    return next;
  }

  private authenticate(req: IncomingMessage): Identity {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    const user = token ? this.users.find((u) => u.token === token) : undefined;
    if (user) return this.identityOf(user);
    const account = this.serviceAccountTokens.get(token);
    // A token outlives nothing: it stops working when its service account is deleted.
    if (account && this.store.get('serviceaccounts.', account.namespace, account.name)) {
      return {
        name: `system:serviceaccount:${account.namespace}:${account.name}`,
        groups: [
          'system:serviceaccounts',
          `system:serviceaccounts:${account.namespace}`,
          'system:authenticated',
        ],
        readOnly: false,
        may: (request) => serviceAccountMay(this.store, account, request),
      };
    }
    throw unauthorized();
  }

  /** `kubectl create token SA`: a TokenRequest on the serviceaccounts/token subresource. */
  private tokenRequest(namespace: string, name: string, body: KubeObject): KubeObject {
    const sa = this.store.get('serviceaccounts.', namespace, name);
    const saType = this.registry.find('', 'v1', 'serviceaccounts');
    if (!sa || !saType)
      throw notFound(saType ?? ({ group: '', resource: 'serviceaccounts' } as ResourceType), name);
    const token = `sim-sa-${randomUUID()}`;
    this.serviceAccountTokens.set(token, { namespace, name });
    const seconds = Number(
      (body.spec as { expirationSeconds?: number } | undefined)?.expirationSeconds ?? 3600,
    );
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name, namespace, creationTimestamp: null } as unknown as KubeObject['metadata'],
      spec: {
        audiences: ['https://kubernetes.default.svc'],
        expirationSeconds: seconds,
        ...(body.spec as object),
      },
      status: {
        token,
        expirationTimestamp: new Date(Date.now() + seconds * 1000)
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z'),
      },
    };
  }

  private identityOf(user: SimUser): Identity {
    return {
      name: user.name,
      groups: user.readOnly ? ['system:authenticated'] : ['system:masters', 'system:authenticated'],
      readOnly: user.readOnly,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Audit-Id', randomUUID());
    try {
      if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
      const url = parseRequestTarget(req.url ?? '/');
      const r = route(url.segments, this.registry);
      // Health and version are public on a real API server (system:public-info-viewer).
      if (r.kind === 'text' || r.kind === 'version')
        return await this.dispatch(req, res, url, r, this.identityOf(ANONYMOUS));
      const user = this.authenticate(req);
      const method = req.method ?? 'GET';
      const watch = queryBool(url.query, 'watch');
      const verb = verbOf(method, r, watch);
      const type = r.kind === 'resource' ? r.type : undefined;
      const namespace = r.kind === 'resource' ? r.namespace : undefined;
      const name = r.kind === 'resource' ? r.name : undefined;
      if (this.faults.forbidden) throw forbidden(user.name, verb, type, namespace, name, url.path);
      const injected = injectedFailure(this.faults, {
        verb,
        ...(type ? { resource: type.resource, group: type.group } : {}),
      });
      if (injected !== undefined) throw injectedStatus(injected, this.faults.retryAfterSeconds);
      const identity = impersonate(req, user, (n) => {
        const known = this.users.find((u) => u.name === n);
        return known && this.identityOf(known);
      });
      const isReview = type !== undefined && REVIEW_RESOURCES.has(type.resource);
      if (WRITE_METHODS.has(method) && identity.readOnly && !isReview)
        throw forbidden(identity.name, verb, type, namespace, name);
      const subresource = r.kind === 'resource' ? r.subresource : undefined;
      if (identity.may && type && !isReview) {
        const request = {
          verb,
          group: type.group,
          resource: type.resource,
          ...(subresource ? { subresource } : {}),
          ...(namespace ? { namespace } : {}),
          ...(name ? { name } : {}),
        };
        if (!identity.may(request)) throw forbidden(identity.name, verb, type, namespace, name);
      }
      await this.dispatch(req, res, url, r, identity);
    } catch (e) {
      // A request whose body was not read to its end (413) leaves the connection unusable.
      if (req.destroyed && !req.complete && !res.headersSent) res.setHeader('Connection', 'close');
      if (e instanceof StatusError) sendStatus(res, e);
      else {
        console.error(`[sim ${this.name}] ${req.method} ${req.url}:`, e);
        sendStatus(res, internalError('the simulator failed on this request'));
      }
    }
  }

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    url: RequestTarget,
    r: Route,
    user: Identity,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    if (r.kind !== 'resource' && method !== 'GET') throw methodNotAllowed(method);
    const accept = req.headers.accept;
    switch (r.kind) {
      case 'text':
        return sendText(res, 200, r.body);
      case 'version':
        return sendJson(res, 200, SERVER_VERSION);
      case 'api':
      case 'apis': {
        const aggregated = negotiateAggregated(accept);
        if (aggregated) {
          return sendJson(
            res,
            200,
            aggregatedDiscovery(this.registry, r.kind === 'api', aggregated),
            {
              'Content-Type': aggregatedContentType(aggregated),
            },
          );
        }
        return sendJson(res, 200, r.kind === 'api' ? apiVersions() : apiGroupList(this.registry));
      }
      case 'group':
        return sendJson(res, 200, orNotFound(apiGroupDoc(this.registry, r.group)));
      case 'groupVersion':
        return sendJson(res, 200, orNotFound(apiResourceList(this.registry, r.groupVersion)));
      case 'openapiIndex':
        return sendJson(res, 200, openApiIndex(this.registry));
      case 'openapiV2': {
        const { contentType, body } = openApiV2(accept);
        res.setHeader('Content-Type', contentType);
        return sendEncoded(res, 200, body);
      }
      case 'openapi':
        return sendJson(res, 200, orNotFound(openApiDocument(this.registry, r.groupVersion)));
      case 'resource':
        return this.resource(req, res, url, r, user);
    }
  }

  private async resource(
    req: IncomingMessage,
    res: ServerResponse,
    url: RequestTarget,
    r: Resolved,
    user: Identity,
  ): Promise<void> {
    const { type, namespace, name } = r;
    const method = req.method ?? 'GET';
    if (
      r.subresource === 'token' &&
      type.group === '' &&
      type.resource === 'serviceaccounts' &&
      method === 'POST' &&
      namespace !== undefined &&
      name !== undefined
    ) {
      const body = await readBody(req);
      const request = (
        body.length > 0 ? decodeObject(body, req.headers['content-type']) : {}
      ) as KubeObject;
      return sendJson(res, 201, this.tokenRequest(namespace, name, request));
    }
    if (
      r.subresource === 'finalize' &&
      type.group === '' &&
      type.resource === 'namespaces' &&
      name !== undefined
    ) {
      if (method !== 'PUT') throw methodNotAllowed(method);
      const body = decodeObject(await readBody(req), req.headers['content-type']) as KubeObject;
      const dryRun = parseDryRun(url.query.getAll('dryRun'), 'UpdateOptions');
      const result = this.api.finalizeNamespace(name, body, { dryRun, fieldValidation: 'Ignore' });
      return sendJson(res, result.status, result.object);
    }
    if (r.subresource !== undefined && !(r.subresource === 'status' && type.hasStatus))
      throw pathNotFound();
    const subresource = r.subresource === 'status' ? 'status' : undefined;
    const q = url.query;
    const accept = req.headers.accept;
    const include = (q.get('includeObject') as IncludeObject | null) ?? 'Metadata';
    const now = new Date();

    if (method === 'GET' && name !== undefined) {
      const object = this.api.get(type, namespace, name);
      if (wantsTable(accept)) {
        return sendJson(
          res,
          200,
          toTable(
            type,
            [object],
            { resourceVersion: object.metadata.resourceVersion ?? '' },
            include,
            now,
          ),
        );
      }
      return sendEncoded(res, 200, this.store.encode(object));
    }
    const listQuery =
      method === 'GET' || (method === 'DELETE' && name === undefined)
        ? parseListQuery(q)
        : undefined;
    const listOptions: ListOptions = listQuery?.options ?? {};
    if (method === 'GET' && listQuery) {
      if (listQuery.watch) {
        const table = wantsTable(accept);
        return serveWatch(
          req,
          res,
          this.api,
          this.hub,
          {
            type,
            namespace,
            options: listOptions,
            resourceVersion: listQuery.resourceVersion,
            allowBookmarks: listQuery.allowBookmarks,
            sendInitialEvents: listQuery.sendInitialEvents,
            timeoutSeconds: listQuery.timeoutSeconds,
            render: (o) =>
              !table
                ? this.store.encode(o)
                : toTable(
                    type,
                    [o],
                    { resourceVersion: o.metadata.resourceVersion ?? '' },
                    include,
                    new Date(),
                    false,
                  ),
          },
          {
            bookmarkIntervalMs: this.bookmarkIntervalMs,
            closeAfterMs: this.faults.dropWatches ? 1000 : undefined,
            defaultTimeoutMs: this.watchTimeoutMs,
          },
        );
      }
      const options: ListOptions = {
        ...listOptions,
        resourceVersion: listQuery.resourceVersion,
        resourceVersionMatch: listQuery.resourceVersionMatch,
      };
      const list = this.api.list(type, namespace, options);
      const meta = {
        resourceVersion: list.resourceVersion,
        ...(list.continue
          ? { continue: list.continue, remainingItemCount: list.remainingItemCount }
          : {}),
      };
      if (wantsTable(accept))
        return sendJson(res, 200, toTable(type, list.items, meta, include, now));
      return sendList(
        res,
        { kind: type.listKind, apiVersion: groupVersion(type), metadata: meta },
        this.api.encodedItems(type, namespace, options, list.items),
      );
    }

    const body = await readBody(req);
    const options: WriteOptions = {
      dryRun: parseDryRun(
        q.getAll('dryRun'),
        { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions' }[method] ??
          'DeleteOptions',
      ),
      fieldManager: q.get('fieldManager') ?? undefined,
      fieldValidation: fieldValidation(q.get('fieldValidation')),
      force: q.get('force') === 'true',
    };
    const respond = (result: WriteResult) =>
      sendJson(res, result.status, result.object, warningHeaders(result.warnings));

    if (method === 'POST' && name === undefined) {
      const object = decodeObject(body, req.headers['content-type']) as KubeObject;
      if (REVIEW_RESOURCES.has(type.resource))
        return sendJson(res, 201, review(type.resource, object, user, this.faults.forbidden));
      return respond(this.api.create(type, namespace, object, options));
    }
    if (method === 'PUT' && name !== undefined) {
      const object = decodeObject(body, req.headers['content-type']) as KubeObject;
      return respond(this.api.update(type, namespace, name, object, options, subresource));
    }
    if (method === 'PATCH' && name !== undefined) {
      const patchType = mediaType(req.headers['content-type']);
      return respond(
        this.api.patch(
          type,
          namespace,
          name,
          patchType,
          body.toString('utf8'),
          options,
          subresource,
        ),
      );
    }
    if (method === 'DELETE') {
      const deleteOptions = parseDeleteOptions(body, req.headers['content-type'], q);
      if (name !== undefined)
        return sendJson(res, 200, this.api.delete(type, namespace, name, deleteOptions));
      const items = this.api.deleteCollection(type, namespace, listOptions, deleteOptions);
      return sendJson(res, 200, {
        kind: type.listKind,
        apiVersion: groupVersion(type),
        metadata: { resourceVersion: String(this.store.currentRv()) },
        items,
      });
    }
    throw methodNotAllowed(method);
  }
}

function orNotFound<T>(value: T | undefined): T {
  if (value === undefined) throw pathNotFound();
  return value;
}

function fieldValidation(value: string | null): FieldValidation {
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(
    `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`,
  );
}
