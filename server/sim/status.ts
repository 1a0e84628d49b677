import type { ResourceType } from './types';
import { qualifiedResource } from './types';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
  type?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A failure the API answers with a Kubernetes `Status`; thrown anywhere below the HTTP layer. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Record<string, unknown> {
    const status: Record<string, unknown> = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    };
    if (this.details) status.details = this.details;
    status.code = this.code;
    return status;
  }
}

const resourceDetails = (t: ResourceType, name: string): StatusDetails => ({
  name,
  ...(t.group ? { group: t.group } : {}),
  kind: t.resource,
});

export const notFound = (t: ResourceType, name: string) =>
  new StatusError(
    404,
    'NotFound',
    `${qualifiedResource(t)} "${name}" not found`,
    resourceDetails(t, name),
  );

export const alreadyExists = (t: ResourceType, name: string) =>
  new StatusError(
    409,
    'AlreadyExists',
    `${qualifiedResource(t)} "${name}" already exists`,
    resourceDetails(t, name),
  );

export const conflict = (t: ResourceType, name: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resourceDetails(t, name),
  );

export const invalid = (t: ResourceType, name: string, causes: StatusCause[]) => {
  const kind = t.group ? `${t.kind}.${t.group}` : t.kind;
  const parts = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new StatusError(422, 'Invalid', `${kind} "${name}" is invalid: ${summary}`, {
    name,
    ...(t.group ? { group: t.group } : {}),
    kind: t.kind,
    causes,
  });
};

export const badRequest = (message: string) => new StatusError(400, 'BadRequest', message);

export const pathNotFound = () =>
  new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});

export const methodNotAllowed = (method: string) =>
  new StatusError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
    {},
  );

export const unsupportedMediaType = (message: string) =>
  new StatusError(415, 'UnsupportedMediaType', message, {});

export const unauthorized = () => new StatusError(401, 'Unauthorized', 'Unauthorized');

export const forbidden = (
  user: string,
  verb: string,
  t: ResourceType | undefined,
  namespace?: string,
  name?: string,
  path?: string,
) => {
  if (!t && path)
    return new StatusError(
      403,
      'Forbidden',
      `forbidden: User "${user}" cannot ${verb} path "${path}"`,
      {},
    );
  const what = t ? `${qualifiedResource(t)}${name ? ` "${name}"` : ''} is forbidden` : 'forbidden';
  const resourcePart = t ? ` resource "${t.resource}" in API group "${t.group}"` : '';
  const scope = namespace
    ? ` in the namespace "${namespace}"`
    : t?.namespaced === false || !t
      ? ''
      : ' at the cluster scope';
  return new StatusError(
    403,
    'Forbidden',
    `${what}: User "${user}" cannot ${verb}${resourcePart}${scope}`,
    t
      ? { ...(name ? { name } : {}), ...(t.group ? { group: t.group } : {}), kind: t.resource }
      : {},
  );
};

export const expired = (message: string) => new StatusError(410, 'Expired', message);

/** A revision this store never issued. Lists get the real 504; see watch.ts for watches. */
export const resourceVersionTooLarge = (rv: number, current: number, code = 504) =>
  new StatusError(
    code,
    code === 504 ? 'Timeout' : 'Expired',
    `Too large resource version: ${rv}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  );

export const internalError = (message: string) =>
  new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, {
    causes: [{ message }],
  });

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The answer of an injected fault (faults.ts), shaped as the real server shapes that status. */
export function injectedStatus(code: number, retryAfterSeconds: number): StatusError {
  if (code === 500)
    return internalError('injected fault: the simulator was asked to fail this request');
  const retry = code === 429 || code === 503 ? { retryAfterSeconds } : undefined;
  const message =
    code === 429
      ? 'Too many requests, please try again later.'
      : code === 503
        ? 'the server is currently unable to handle the request (injected fault)'
        : `injected fault: the simulator was asked to answer ${code}`;
  return new StatusError(code, REASONS[code] ?? 'Unknown', message, retry ?? {});
}
