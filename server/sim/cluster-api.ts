import { randomBytes, randomUUID } from 'node:crypto';

import yaml from 'js-yaml';

import {
  applyConflicts,
  conflictCauses,
  leavesOf,
  nextManagedFields,
  removeDroppedFields,
} from './field-ownership';
import { applyDefaults, establishedCrdStatus, settledDeploymentStatus } from './defaults';
import { controllerUid, desiredReplicaSet, settledReplicaSetStatus } from './deployment-controller';
import type { DeleteOptions } from './delete-options';
import { checkNesting, joinEncoded } from './http-io';
import { mergeKeysFor } from './merge-keys';
import {
  applyJsonPatch,
  applyMergePatch,
  applyPatchMerge,
  applyStrategicMergePatch,
  deepEqual,
  type Json,
  type JsonObject,
  PatchError,
} from './patch';
import type { Registry } from './registry';
import {
  alreadyExists,
  badRequest,
  conflict,
  expired,
  invalid,
  notFound,
  resourceVersionTooLarge,
  type StatusCause,
  StatusError,
  unsupportedMediaType,
} from './status';
import {
  type ContinueToken,
  decodeContinue,
  type ListOptions,
  selectorFilter,
} from './list-options';
import type { ObjectStore, StoredEvent } from './store';
import { kindRules } from './kind-rules';
import type { KubeObject, ResourceType } from './types';
import { groupVersion, qualifiedResource, storageKey } from './types';
import {
  decodeError,
  prune,
  unknownFields,
  validateAgainstSchema,
  validateMetadata,
} from './validation';

export { type ListOptions, selectorFilter } from './list-options';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation: FieldValidation;
  force?: boolean;
}

export interface WriteResult {
  status: 200 | 201;
  object: KubeObject;
  warnings: string[];
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export type { DeleteOptions } from './delete-options';

export type Subresource = 'status' | undefined;

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const STRIP_EMPTY = [
  'labels',
  'annotations',
  'finalizers',
  'ownerReferences',
  'managedFields',
] as const;
/** Who the simulator's built-in controllers write as (managedFields). */
const CONTROLLER_WRITE: WriteOptions = {
  dryRun: false,
  fieldManager: 'kube-controller-manager',
  fieldValidation: 'Ignore',
};
const isDeployments = (t: ResourceType) => t.group === 'apps' && t.resource === 'deployments';
const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];
const SERVER_OWNED = ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp'] as const;

/** Go's omitempty: empty metadata maps and lists vanish, or `kubectl diff` shows `annotations: {}`. */
function normaliseMetadata(object: KubeObject): void {
  const meta = object.metadata as Record<string, unknown>;
  for (const key of STRIP_EMPTY) {
    const value = meta[key];
    if (value === null || (Array.isArray(value) && value.length === 0)) delete meta[key];
    else if (value && typeof value === 'object' && Object.keys(value).length === 0)
      delete meta[key];
  }
}

const withoutMetaAndStatus = (o: KubeObject): JsonObject => {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest as JsonObject;
};

/**
 * The semantics of the Kubernetes API (verbs, defaulting, validation, concurrency, status,
 * generation, CRD registration, namespace lifecycle) for one cluster, independent of HTTP.
 */
export class ClusterApi {
  constructor(
    readonly store: ObjectStore,
    readonly registry: Registry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** Objects carry the apiVersion of the version they are read through. */
  private asVersion(type: ResourceType, object: KubeObject): KubeObject {
    const apiVersion = groupVersion(type);
    return object.apiVersion === apiVersion ? object : { ...object, apiVersion };
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const object = this.store.get(storageKey(type), namespace, name);
    if (!object) throw notFound(type, name);
    return this.asVersion(type, object);
  }

  list(type: ResourceType, namespace: string | undefined, options: ListOptions): ListResult {
    const matches = selectorFilter(type, options);
    const selective = Boolean(options.labelSelector || options.fieldSelector);
    let items = this.store.list(storageKey(type), namespace);
    if (selective) items = items.filter(matches);
    let rv = this.store.currentRv();
    const asked = options.resourceVersion;
    if (asked !== undefined && options.continue)
      throw badRequest('specifying resource version is not allowed when using continue');
    if (asked !== undefined && asked > rv) throw resourceVersionTooLarge(asked, rv);
    if (asked !== undefined && options.resourceVersionMatch === 'Exact') {
      const snapshot = this.store.listAt(storageKey(type), namespace, asked);
      if (snapshot === 'expired')
        throw expired(`too old resource version: ${asked} (${this.store.currentRv()})`);
      items = snapshot.filter(matches);
      rv = asked;
    }
    if (options.continue) {
      const token = decodeContinue(options.continue, this.store);
      rv = token.rv;
      const snapshot = this.store.listAt(storageKey(type), namespace, token.rv);
      if (snapshot === 'expired') {
        throw expired(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      items = snapshot
        .filter(matches)
        .filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > token.after);
    }
    const apiVersion = groupVersion(type);
    const result: ListResult = {
      items: items.every((o) => o.apiVersion === apiVersion)
        ? items
        : items.map((o) => this.asVersion(type, o)),
      resourceVersion: String(rv),
    };
    if (options.limit && options.limit > 0 && items.length > options.limit) {
      const page = result.items.slice(0, options.limit);
      const last = page[page.length - 1] as KubeObject;
      const token: ContinueToken = {
        rv,
        after: `${last.metadata.namespace ?? ''}/${last.metadata.name}`,
      };
      result.items = page;
      result.continue = Buffer.from(JSON.stringify(token)).toString('base64url');
      result.remainingItemCount = items.length - options.limit;
    }
    return result;
  }

  /**
   * The items of a list as one serialised buffer, straight from the store's cache when the list
   * is the whole of a resource (no selector, page or exact revision) in its stored version.
   */
  encodedItems(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions,
    items: KubeObject[],
  ): Buffer {
    const whole =
      !options.labelSelector &&
      !options.fieldSelector &&
      !options.limit &&
      !options.continue &&
      options.resourceVersionMatch !== 'Exact';
    const apiVersion = groupVersion(type);
    if (whole && items.every((o) => o.apiVersion === apiVersion))
      return this.store.encodeList(storageKey(type), namespace);
    return joinEncoded(items.map((o) => this.store.encode(o)));
  }

  private requireNamespace(
    type: ResourceType,
    namespace: string | undefined,
    creating: boolean,
  ): void {
    if (!type.namespaced) return;
    const nsType = this.registry.find('', 'v1', 'namespaces') as ResourceType;
    const ns = this.store.get(storageKey(nsType), undefined, namespace ?? '');
    if (!ns)
      throw new StatusError(404, 'NotFound', `namespaces "${namespace}" not found`, {
        name: namespace,
        kind: 'namespaces',
      });
    if (creating && ns.metadata.deletionTimestamp) {
      throw new StatusError(
        403,
        'Forbidden',
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        { name: namespace, kind: 'namespaces' },
      );
    }
  }

  private checkIdentity(type: ResourceType, namespace: string | undefined, body: KubeObject): void {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest('the body of the request must be a JSON or YAML object');
    }
    const expected = groupVersion(type);
    if (body.apiVersion !== undefined && body.apiVersion !== expected) {
      throw badRequest(
        `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`,
      );
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw badRequest(
        `the kind in the data (${String(body.kind)}) does not match the expected kind (${type.kind})`,
      );
    }
    if (
      type.namespaced &&
      body.metadata?.namespace &&
      namespace &&
      body.metadata.namespace !== namespace
    ) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }

  /** Validation, pruning and field-validation warnings shared by every write. */
  private validate(
    type: ResourceType,
    object: KubeObject,
    options: WriteOptions,
    previous: KubeObject | undefined,
  ): { object: KubeObject; warnings: string[] } {
    const unknown = unknownFields(type, object);
    if (unknown.length > 0 && options.fieldValidation === 'Strict') {
      const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
      throw badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${list}`,
      );
    }
    const pruned = unknown.length > 0 ? prune(object, unknown) : object;
    const causes: StatusCause[] = [
      ...validateMetadata(type, pruned),
      ...validateAgainstSchema(type, pruned),
      ...kindRules(type, pruned, previous),
    ];
    if (causes.length > 0) throw invalid(type, pruned.metadata.name ?? '', causes);
    const warnings =
      options.fieldValidation === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [];
    return { object: pruned, warnings };
  }

  /**
   * The common tail of every write: status and server-owned fields, defaulting, validation,
   * generation, no-op detection, dry run, commit and its side effects.
   */
  private persist(
    type: ResourceType,
    previous: KubeObject | undefined,
    candidate: KubeObject,
    options: WriteOptions,
    subresource: Subresource,
    apply?: { applied: Set<string> },
  ): WriteResult {
    let next: KubeObject = structuredClone(candidate);
    next.apiVersion = groupVersion(type);
    next.kind = type.kind;
    next.metadata = { ...(next.metadata ?? {}) } as KubeObject['metadata'];

    if (subresource === 'status') {
      const base = structuredClone(previous as KubeObject);
      next = { ...base, status: next.status } as KubeObject;
    } else if (type.hasStatus) {
      if (previous?.status !== undefined) next.status = structuredClone(previous.status);
      else delete next.status;
    }

    if (previous) {
      for (const key of SERVER_OWNED) {
        if (previous.metadata[key] !== undefined)
          (next.metadata as Record<string, unknown>)[key] = previous.metadata[key];
      }
      next.metadata.name = previous.metadata.name;
      if (previous.metadata.namespace) next.metadata.namespace = previous.metadata.namespace;
    } else {
      next.metadata.uid = randomUUID();
      next.metadata.creationTimestamp = this.timestamp();
      delete next.metadata.deletionTimestamp;
      if (type.hasGeneration) next.metadata.generation = 1;
      else delete next.metadata.generation;
    }

    const undecodable = decodeError(type, next);
    if (undecodable)
      throw badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: ${undecodable}`,
      );
    applyDefaults(type.resource, type.group, next, previous);
    normaliseMetadata(next);
    const { object: valid, warnings } = this.validate(type, next, options, previous);
    next = valid;

    if (previous && type.hasGeneration && subresource !== 'status') {
      const specChanged = !deepEqual(withoutMetaAndStatus(previous), withoutMetaAndStatus(next));
      next.metadata.generation = (previous.metadata.generation ?? 1) + (specChanged ? 1 : 0);
    }
    this.controllerStatus(type, next);
    this.recordOwnership(type, previous, candidate, next, options, subresource, apply);

    if (previous) {
      // managedFields carry a write time: a write that changes nothing but that time is a no-op,
      // while one that changes who owns what (a second applier of the same value: shared
      // ownership) is a change, as on a real server.
      const comparable = (o: KubeObject) => {
        const { resourceVersion: _rv, managedFields, ...metadata } = o.metadata;
        const owners = (managedFields ?? []).map(({ time: _time, ...entry }) => entry);
        return { ...o, metadata: { ...metadata, owners } } as unknown as Json;
      };
      if (deepEqual(comparable(previous), comparable(next))) {
        return { status: 200, object: this.asVersion(type, previous), warnings };
      }
    }
    if (options.dryRun) {
      if (previous) next.metadata.resourceVersion = previous.metadata.resourceVersion;
      else delete next.metadata.resourceVersion;
      return { status: previous ? 200 : 201, object: next, warnings };
    }

    next.metadata.resourceVersion = String(this.store.nextRv());
    this.store.commit(previous ? 'MODIFIED' : 'ADDED', storageKey(type), next, previous);
    this.afterWrite(type, next);
    return { status: previous ? 200 : 201, object: next, warnings };
  }

  /**
   * Sets metadata.managedFields for this write (field-ownership.ts). A client that rewrites
   * managedFields itself (kubectl's client-side to server-side apply migration) is taken at its
   * word, as the real server does; status writes leave ownership as it was.
   */
  private recordOwnership(
    type: ResourceType,
    previous: KubeObject | undefined,
    candidate: KubeObject,
    next: KubeObject,
    options: WriteOptions,
    subresource: Subresource,
    apply?: { applied: Set<string> },
  ): void {
    const before = previous?.metadata.managedFields;
    const given = candidate.metadata?.managedFields;
    if (subresource === 'status') {
      if (before) next.metadata.managedFields = before;
      else delete next.metadata.managedFields;
      return;
    }
    if (
      !apply &&
      given !== undefined &&
      !deepEqual((given ?? null) as Json, (before ?? null) as Json)
    )
      return;
    const base = previous ? { ...previous, metadata: { ...previous.metadata } } : undefined;
    const entries = nextManagedFields(base, next, {
      manager: options.fieldManager ?? 'unknown',
      operation: apply ? 'Apply' : 'Update',
      apiVersion: groupVersion(type),
      time: this.timestamp(),
      mergeKeys: mergeKeysFor(type.group, type.resource),
      ...(apply ? { applied: apply.applied, force: options.force === true } : {}),
    });
    if (entries.length > 0) next.metadata.managedFields = entries as unknown as JsonObject[];
    else delete next.metadata.managedFields;
  }

  /** Status that controllers of a real cluster would converge to at once. */
  private controllerStatus(type: ResourceType, object: KubeObject): void {
    if (isDeployments(type)) object.status = settledDeploymentStatus(object);
    if (type.group === 'apps' && type.resource === 'replicasets')
      object.status = settledReplicaSetStatus(object);
    if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') {
      object.status = establishedCrdStatus(object, this.timestamp());
    }
  }

  private afterWrite(type: ResourceType, object: KubeObject): void {
    if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') {
      this.registry.setCrd(object);
    }
    if (object.metadata.deletionTimestamp && !pendingFinalizers(type, object)) {
      this.remove(type, object);
    } else if (isDeployments(type) && !object.metadata.deletionTimestamp) {
      this.reconcileReplicaSets(object);
    }
  }

  private replicaSetType(): ResourceType {
    return this.registry.find('apps', 'v1', 'replicasets') as ResourceType;
  }

  private replicaSetsOf(deployment: KubeObject): KubeObject[] {
    const uid = deployment.metadata.uid;
    return this.store
      .list(storageKey(this.replicaSetType()), deployment.metadata.namespace)
      .filter((rs) => controllerUid(rs) === uid);
  }

  /**
   * The deployment controller, settled at once: the ReplicaSet of the current template exists with
   * the Deployment's replicas, older ones of the same Deployment are scaled to zero. It writes
   * through the API like a real controller, so watchers see ordinary ADDED/MODIFIED events; a
   * write it cannot make (a terminating namespace, a foreign object holding the name) is skipped,
   * as a controller's failure never fails the user's request.
   */
  private reconcileReplicaSets(deployment: KubeObject): void {
    const rsType = this.replicaSetType();
    const namespace = deployment.metadata.namespace;
    const desired = desiredReplicaSet(deployment);
    const scale = (rs: KubeObject, spec: unknown, meta: Partial<KubeObject['metadata']> = {}) => {
      const next = { ...rs, metadata: { ...rs.metadata, ...meta }, spec } as KubeObject;
      this.update(rsType, namespace, rs.metadata.name, next, CONTROLLER_WRITE, undefined);
    };
    try {
      for (const old of this.replicaSetsOf(deployment)) {
        if (old.metadata.name !== desired.metadata.name)
          scale(old, { ...(old.spec as object), replicas: 0 });
      }
      const current = this.store.get(storageKey(rsType), namespace, desired.metadata.name);
      if (!current) this.create(rsType, namespace, desired, CONTROLLER_WRITE);
      else if (controllerUid(current) === deployment.metadata.uid)
        scale(current, desired.spec, {
          labels: desired.metadata.labels,
          ownerReferences: desired.metadata.ownerReferences,
        });
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
    }
  }

  /**
   * The garbage collector for a deleted Deployment: its ReplicaSets go too (background and
   * foreground propagation alike, at once), or with `Orphan` lose their controller reference.
   */
  private collectReplicaSets(deployment: KubeObject, policy: DeleteOptions['propagationPolicy']) {
    const rsType = this.replicaSetType();
    for (const rs of this.replicaSetsOf(deployment)) {
      if (policy !== 'Orphan') {
        this.remove(rsType, rs);
        continue;
      }
      const ownerReferences = (rs.metadata.ownerReferences ?? []).filter(
        (ref) => ref.uid !== deployment.metadata.uid,
      );
      const next = { ...rs, metadata: { ...rs.metadata, ownerReferences } } as KubeObject;
      this.update(
        rsType,
        rs.metadata.namespace,
        rs.metadata.name,
        next,
        CONTROLLER_WRITE,
        undefined,
      );
    }
  }

  /**
   * `PUT /api/v1/namespaces/NAME/finalize`: sets the namespace's spec.finalizers, nothing else.
   * The namespace controller removes `kubernetes` once the contents are gone; other entries wait
   * for whoever owns them, and the namespace goes when none are left.
   */
  finalizeNamespace(name: string, body: KubeObject, options: WriteOptions): WriteResult {
    const nsType = this.registry.find('', 'v1', 'namespaces') as ResourceType;
    this.checkIdentity(nsType, undefined, body);
    const previous = this.store.get(storageKey(nsType), undefined, name);
    if (!previous) throw notFound(nsType, name);
    const finalizers = ((body.spec as { finalizers?: unknown } | undefined)?.finalizers ??
      []) as unknown;
    if (!Array.isArray(finalizers) || finalizers.some((f) => typeof f !== 'string'))
      throw badRequest('spec.finalizers must be a list of strings');
    const next = structuredClone(previous);
    next.spec = { ...(next.spec as object), finalizers };
    if (deepEqual(previous as unknown as Json, next as unknown as Json))
      return { status: 200, object: previous, warnings: [] };
    if (options.dryRun) return { status: 200, object: next, warnings: [] };
    next.metadata.resourceVersion = String(this.store.nextRv());
    this.store.commit('MODIFIED', storageKey(nsType), next, previous);
    this.afterWrite(nsType, next);
    return { status: 200, object: next, warnings: [] };
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    options: WriteOptions,
    apply?: { applied: Set<string> },
  ): WriteResult {
    this.checkIdentity(type, namespace, body);
    const object = structuredClone(body);
    object.metadata = { ...(object.metadata ?? {}) } as KubeObject['metadata'];
    if (type.namespaced) object.metadata.namespace = namespace;
    else delete object.metadata.namespace;
    if (!object.metadata.name && object.metadata.generateName) {
      object.metadata.name = `${object.metadata.generateName}${randomBytes(4).toString('hex').slice(0, 5)}`;
    }
    delete object.metadata.resourceVersion;
    this.requireNamespace(type, namespace, true);
    if (
      object.metadata.name &&
      this.store.get(storageKey(type), object.metadata.namespace, object.metadata.name)
    ) {
      throw alreadyExists(type, object.metadata.name);
    }
    return this.persist(type, undefined, object, options, undefined, apply);
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    options: WriteOptions,
    subresource: Subresource,
  ): WriteResult {
    this.checkIdentity(type, namespace, body);
    if (body.metadata?.name && body.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const previous = this.store.get(storageKey(type), namespace, name);
    if (!previous) throw notFound(type, name);
    const expectedRv = body.metadata?.resourceVersion;
    if (expectedRv && expectedRv !== previous.metadata.resourceVersion) throw conflict(type, name);
    return this.persist(type, previous, body, options, subresource);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    rawBody: string,
    options: WriteOptions,
    subresource: Subresource,
  ): WriteResult {
    const previous = this.store.get(storageKey(type), namespace, name);
    if (contentType === PATCH_TYPES.apply)
      return this.apply(type, namespace, name, previous, rawBody, options, subresource);
    // The real server checks the patch type before it looks the object up (415 beats 404).
    const supported: string[] = [
      PATCH_TYPES.json,
      PATCH_TYPES.merge,
      ...(type.builtin ? [PATCH_TYPES.strategic] : []),
    ];
    if (!supported.includes(contentType)) {
      throw unsupportedMediaType(
        `the body of the request was in an unknown format - accepted media types include: ${supported.join(', ')}, ${PATCH_TYPES.apply}`,
      );
    }
    if (!previous) throw notFound(type, name);
    const current = this.asVersion(type, previous) as unknown as JsonObject;
    let patched: Json;
    try {
      if (contentType === PATCH_TYPES.json) patched = applyJsonPatch(current, parseJson(rawBody));
      else if (contentType === PATCH_TYPES.merge)
        patched = applyMergePatch(current, parseJsonObject(rawBody));
      else if (contentType === PATCH_TYPES.strategic) {
        if (!type.builtin) {
          throw unsupportedMediaType(
            `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${PATCH_TYPES.apply}`,
          );
        }
        patched = applyStrategicMergePatch(
          current,
          parseJsonObject(rawBody),
          mergeKeysFor(type.group, type.resource),
        );
      } else {
        throw unsupportedMediaType(
          `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${type.builtin ? `${PATCH_TYPES.strategic}, ` : ''}${PATCH_TYPES.apply}`,
        );
      }
    } catch (e) {
      if (e instanceof PatchError) {
        throw e.status === 400
          ? badRequest(e.message)
          : new StatusError(422, 'Invalid', e.message, { name, kind: type.kind });
      }
      throw e;
    }
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) {
      throw badRequest('the patch did not produce an object');
    }
    const next = patched as unknown as KubeObject;
    const expectedRv = next.metadata?.resourceVersion;
    if (expectedRv && expectedRv !== previous.metadata.resourceVersion) throw conflict(type, name);
    return this.persist(type, previous, next, options, subresource);
  }

  /** Server-side apply: creates when missing (201); merges the applied configuration otherwise. */
  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    previous: KubeObject | undefined,
    rawBody: string,
    options: WriteOptions,
    subresource: Subresource,
  ): WriteResult {
    if (!options.fieldManager) {
      throw invalid({ ...type, kind: 'PatchOptions', group: 'meta.k8s.io' }, '', [
        {
          reason: 'FieldValueRequired',
          message: 'Required value: is required for apply patch',
          field: 'fieldManager',
        },
      ]);
    }
    let applied: KubeObject;
    try {
      applied = yaml.load(rawBody) as KubeObject;
    } catch (e) {
      throw badRequest(`error decoding YAML: ${(e as Error).message}`);
    }
    checkNesting(applied, 'the applied configuration');
    if (!applied || typeof applied !== 'object' || !applied.apiVersion || !applied.kind) {
      throw badRequest('invalid object type: /, Kind=');
    }
    this.checkIdentity(type, namespace, applied);
    if (applied.metadata?.name && applied.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (!previous) {
      if (subresource === 'status') throw notFound(type, name);
      const body = { ...applied, metadata: { ...(applied.metadata ?? {}), name } } as KubeObject;
      const leaves = leavesOf(applied as unknown as Json, mergeKeysFor(type.group, type.resource));
      return this.create(type, namespace, body, options, { applied: leaves });
    }
    const mergeKeys = mergeKeysFor(type.group, type.resource);
    const appliedJson = applied as unknown as Json;
    const appliedLeaves = leavesOf(appliedJson, mergeKeys);
    const conflicts = applyConflicts(previous, appliedLeaves, appliedJson, options.fieldManager);
    if (conflicts.length > 0 && !options.force) {
      throw new StatusError(
        409,
        'Conflict',
        `Apply failed with ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'}: ${conflicts
          .map((c) => `conflict with "${c.manager}" using ${groupVersion(type)}: ${c.field}`)
          .join('\n')}`,
        {
          name,
          ...(type.group ? { group: type.group } : {}),
          kind: type.resource,
          causes: conflictCauses(conflicts, groupVersion(type)),
        },
      );
    }
    const merged = applyPatchMerge(
      this.asVersion(type, previous) as unknown as JsonObject,
      applied as unknown as JsonObject,
      mergeKeys,
    ) as unknown as KubeObject;
    removeDroppedFields(previous, merged, appliedLeaves, options.fieldManager);
    return this.persist(type, previous, merged, options, subresource, { applied: appliedLeaves });
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
  ): KubeObject {
    const previous = this.store.get(storageKey(type), namespace, name);
    if (!previous) throw notFound(type, name);
    const pre = options.preconditions;
    const failed =
      pre?.uid && pre.uid !== previous.metadata.uid
        ? `UID in precondition: ${pre.uid}, UID in object meta: ${previous.metadata.uid ?? ''}`
        : pre?.resourceVersion && pre.resourceVersion !== previous.metadata.resourceVersion
          ? `ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${previous.metadata.resourceVersion ?? ''}`
          : undefined;
    if (failed) {
      throw new StatusError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": Precondition failed: ${failed}`,
        { name, ...(type.group ? { group: type.group } : {}), kind: type.resource },
      );
    }
    const isNamespace = type.group === '' && type.resource === 'namespaces';
    // The NamespaceLifecycle admission plugin keeps the system namespaces.
    if (isNamespace && IMMORTAL_NAMESPACES.includes(name)) {
      throw new StatusError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        { name, kind: 'namespaces' },
      );
    }
    const terminating = structuredClone(previous);
    terminating.metadata.deletionTimestamp =
      previous.metadata.deletionTimestamp ?? this.timestamp();
    if (isNamespace)
      terminating.status = { ...(terminating.status as object), phase: 'Terminating' };
    if (options.dryRun) return this.asVersion(type, terminating);

    if (previous.metadata.finalizers?.length || isNamespace) {
      if (!previous.metadata.deletionTimestamp) {
        terminating.metadata.resourceVersion = String(this.store.nextRv());
        this.store.commit('MODIFIED', storageKey(type), terminating, previous);
      }
      // The namespace controller empties a terminating namespace a moment later, as a real one does.
      if (isNamespace) setTimeout(() => this.finishNamespace(name), 20);
      return this.asVersion(type, this.store.get(storageKey(type), namespace, name) ?? terminating);
    }
    return this.asVersion(type, this.remove(type, previous, options.propagationPolicy));
  }

  private remove(
    type: ResourceType,
    object: KubeObject,
    policy?: DeleteOptions['propagationPolicy'],
  ): KubeObject {
    const gone = structuredClone(object);
    gone.metadata.resourceVersion = String(this.store.nextRv());
    this.store.commit('DELETED', storageKey(type), gone, object);
    if (isDeployments(type)) this.collectReplicaSets(object, policy);
    if (type.group === 'apiextensions.k8s.io' && type.resource === 'customresourcedefinitions') {
      this.dropCustomResources(object);
    }
    return gone;
  }

  private dropCustomResources(crd: KubeObject): void {
    const spec = crd.spec as { group: string; names: { plural: string } };
    const key = `${spec.names.plural}.${spec.group}`;
    const served = this.registry.all().find((t) => storageKey(t) === key);
    this.registry.removeCrd(crd.metadata.name);
    if (!served) return;
    for (const object of this.store.list(key)) this.remove(served, object);
  }

  private finishNamespace(name: string): void {
    const nsType = this.registry.find('', 'v1', 'namespaces') as ResourceType;
    const ns = this.store.get(storageKey(nsType), undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    const types = this.registry.all();
    for (const { key, object } of this.store.inNamespace(name)) {
      const type = types.find((t) => storageKey(t) === key);
      // A Deployment removed earlier in this loop has taken its ReplicaSets with it.
      const still = this.store.get(key, object.metadata.namespace, object.metadata.name);
      if (type && still) this.remove(type, still);
    }
    const emptied = this.store.get(storageKey(nsType), undefined, name) as KubeObject;
    const finalizers = ((emptied.spec as { finalizers?: string[] } | undefined)?.finalizers ??
      []) as string[];
    this.finalizeNamespace(
      name,
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
        spec: { finalizers: finalizers.filter((f) => f !== 'kubernetes') },
      },
      { dryRun: false, fieldValidation: 'Ignore' },
    );
    const left = this.store.get(storageKey(nsType), undefined, name);
    if (left && !pendingFinalizers(nsType, left)) this.remove(nsType, left);
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    listOptions: ListOptions,
    options: DeleteOptions,
  ): KubeObject[] {
    const { items } = this.list(type, namespace, {
      ...listOptions,
      limit: undefined,
      continue: undefined,
    });
    return items.map((o) => this.delete(type, o.metadata.namespace, o.metadata.name, options));
  }

  /** Events of one resource after a revision, for watch replay; throws 410 when too old. */
  eventsSince(type: ResourceType, rv: number): StoredEvent[] {
    // A revision from the future (a client of an earlier incarnation) answers 410 rather than a
    // real server's 504: client-node relists only on 410 (wire-notes §3.11).
    if (rv > this.store.currentRv()) throw resourceVersionTooLarge(rv, this.store.currentRv(), 410);
    const events = this.store.eventsSince(storageKey(type), rv);
    if (events === 'expired')
      throw expired(`too old resource version: ${rv} (${this.store.currentRv()})`);
    return events;
  }
}

/** metadata.finalizers, and for a namespace its spec.finalizers, still to be cleared. */
function pendingFinalizers(type: ResourceType, object: KubeObject): boolean {
  if (object.metadata.finalizers?.length) return true;
  if (type.group !== '' || type.resource !== 'namespaces') return false;
  return ((object.spec as { finalizers?: unknown[] } | undefined)?.finalizers ?? []).length > 0;
}

function parseJson(raw: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
  checkNesting(value, 'the patch');
  return value;
}

function parseJsonObject(raw: string): JsonObject {
  const value = parseJson(raw);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('error decoding patch: the patch must be a JSON object');
  }
  return value as JsonObject;
}
