import type { KubeObject, PrinterColumn, ResourceType } from './types';

type Obj = Record<string, unknown>;

/** `kubectl get`'s AGE column, rendered server-side as a real API server does. */
export function age(created: string | undefined, now: Date): string {
  if (!created) return '<unknown>';
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(created)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/**
 * The small JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[?(@.k=='v')]`. Filters can
 * contain dots inside their quotes, so brackets are read before the dotted parts are split.
 */
export function evaluateJsonPath(object: unknown, path: string): unknown {
  const tokens = path.match(/\[\?\(@\.[^)]*\)\]|\[\d+\]|[^.[\]]+/g) ?? [];
  let current: unknown[] = [object];
  for (const token of tokens) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue;
      const filter = /^\[\?\(@\.([\w.-]+)\s*==\s*['"]([^'"]*)['"]\)\]$/.exec(token);
      const index = /^\[(\d+)\]$/.exec(token);
      if (filter && Array.isArray(value)) {
        next.push(
          ...value.filter((item) => String((item as Obj)?.[filter[1] as string]) === filter[2]),
        );
      } else if (index && Array.isArray(value)) {
        next.push(value[Number(index[1])]);
      } else if (!filter && !index) {
        next.push((value as Obj)[token]);
      }
    }
    current = next.filter((v) => v !== undefined);
  }
  return current.length === 0 ? undefined : current.length === 1 ? current[0] : current;
}

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell: (o: KubeObject, now: Date) => unknown;
}

const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
  cell: (o) => o.metadata.name,
};

const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
  cell: (o, now) => age(o.metadata.creationTimestamp, now),
};

const col = (name: string, cell: Column['cell'], priority = 0): Column => ({
  name,
  type: 'string',
  format: '',
  description: name,
  priority,
  cell,
});

function servicePorts(o: KubeObject): string {
  const ports = ((o.spec as Obj | undefined)?.ports as Obj[] | undefined) ?? [];
  if (ports.length === 0) return '<none>';
  return ports
    .map(
      (p) =>
        `${String(p.port)}${p.nodePort ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`,
    )
    .join(',');
}

function selectorText(o: KubeObject): string {
  const selector = (o.spec as Obj | undefined)?.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0) return '<none>';
  return Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function builtinColumns(type: ResourceType): Column[] {
  const key = `${type.group}/${type.resource}`;
  switch (key) {
    case '/namespaces':
      return [
        nameColumn,
        col('Status', (o) => (o.status as Obj | undefined)?.phase ?? ''),
        ageColumn,
      ];
    case '/services':
      return [
        nameColumn,
        col('Type', (o) => (o.spec as Obj | undefined)?.type ?? 'ClusterIP'),
        col('Cluster-IP', (o) => (o.spec as Obj | undefined)?.clusterIP ?? '<none>'),
        col('External-IP', () => '<none>'),
        col('Port(s)', servicePorts),
        ageColumn,
        col('Selector', selectorText, 1),
      ];
    case '/configmaps':
      return [
        nameColumn,
        col('Data', (o) => Object.keys((o.data as Obj | undefined) ?? {}).length),
        ageColumn,
      ];
    case '/secrets':
      return [
        nameColumn,
        col('Type', (o) => o.type ?? 'Opaque'),
        col('Data', (o) => Object.keys((o.data as Obj | undefined) ?? {}).length),
        ageColumn,
      ];
    case 'apps/deployments': {
      const status = (o: KubeObject) => (o.status ?? {}) as Obj;
      return [
        nameColumn,
        col(
          'Ready',
          (o) =>
            `${String(status(o).readyReplicas ?? 0)}/${String((o.spec as Obj | undefined)?.replicas ?? 0)}`,
        ),
        col('Up-to-date', (o) => status(o).updatedReplicas ?? 0),
        col('Available', (o) => status(o).availableReplicas ?? 0),
        ageColumn,
      ];
    }
    case 'apiextensions.k8s.io/customresourcedefinitions':
      return [nameColumn, col('Created At', (o) => o.metadata.creationTimestamp ?? '')];
    default:
      return [nameColumn, ageColumn];
  }
}

function crdColumns(columns: PrinterColumn[]): Column[] {
  const custom = columns.filter(
    (c) => c.name.toLowerCase() !== 'age' || c.jsonPath !== '.metadata.creationTimestamp',
  );
  const rendered = custom.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.description ?? '',
    priority: c.priority ?? 0,
    cell: (o: KubeObject, now: Date) => {
      const value = evaluateJsonPath(o, c.jsonPath);
      if (c.type === 'date' && typeof value === 'string') return age(value, now);
      return Array.isArray(value) ? value.join(',') : (value ?? null);
    },
  }));
  return [nameColumn, ...rendered, ageColumn];
}

const columnsFor = (type: ResourceType): Column[] =>
  type.builtin ? builtinColumns(type) : crdColumns(type.printerColumns);

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** A `meta.k8s.io/v1` Table, what `kubectl get` prints columns from. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  meta: { resourceVersion: string; continue?: string; remainingItemCount?: number },
  include: IncludeObject,
  now: Date,
  withColumns = true,
): Obj {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: withColumns
      ? columns.map(({ name, type: t, format, description, priority }) => ({
          name,
          type: t,
          format,
          description,
          priority,
        }))
      : null,
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o, now)),
      ...(include === 'None' ? {} : { object: rowObject(o, include) }),
    })),
  };
}
