import type { IncomingMessage, ServerResponse } from 'node:http';

import yaml from 'js-yaml';

import { decodeKubeProtobuf } from './protobuf';
import { badRequest, StatusError, unsupportedMediaType } from './status';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

/**
 * Deeper bodies are refused. A Go server decodes up to 10,000 levels; the simulator's recursive
 * merge, clone and validation code would overflow the stack well before that, so it draws the
 * line lower (no real manifest comes near it) and answers 400 instead of crashing.
 */
export const MAX_NESTING = 1000;

/** Throws 400 when a decoded body nests deeper than MAX_NESTING (checked without recursion). */
export function checkNesting(value: unknown, what = 'the request body'): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > MAX_NESTING)
      throw badRequest(`${what} is nested too deeply: more than ${MAX_NESTING} levels`);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new StatusError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export const mediaType = (contentType: string | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Decodes a create/update body in any of the encodings kubectl and client libraries send. */
export function decodeObject(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (body.length === 0) throw badRequest('the request body is empty');
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      return decodeKubeProtobuf(body).object;
    } catch (e) {
      throw unsupportedMediaType((e as Error).message);
    }
  }
  const text = body.toString('utf8');
  if (type === 'application/json' || type === '') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
    checkNesting(value);
    return value;
  }
  if (type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml') {
    let value: unknown;
    try {
      value = yaml.load(text);
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message}`);
    }
    checkNesting(value);
    return value;
  }
  throw unsupportedMediaType(
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string | string[]> = {},
): void {
  if (res.headersSent || res.writableEnded) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(payload),
    ...extraHeaders,
  });
  res.end(payload);
}

/**
 * A list whose items are already JSON (`{…},{…}`, the store's per-revision serialisations,
 * joined): the body is the list envelope around them, with no stringify of the items.
 */
export function sendList(
  res: ServerResponse,
  envelope: Record<string, unknown>,
  items: Buffer,
): void {
  if (res.headersSent || res.writableEnded) return;
  const head = Buffer.from(`${JSON.stringify(envelope).slice(0, -1)},"items":[`);
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': head.length + items.length + CLOSE.length,
  });
  // Three writes, not one concatenation: a fresh copy of every list body in JS memory made the
  // garbage collector the largest cost of a full read.
  res.cork();
  res.write(head);
  res.write(items);
  res.uncork();
  res.end(CLOSE);
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** Joins serialised objects with commas, for `sendList`. */
export function joinEncoded(items: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    if (parts.length > 0) parts.push(COMMA);
    parts.push(item);
  }
  return Buffer.concat(parts);
}

/** One object already serialised. */
export function sendEncoded(res: ServerResponse, status: number, body: Buffer): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, {
    'Content-Type': (res.getHeader('Content-Type') as string | undefined) ?? 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': body.length,
  });
  res.end(body);
}

export function sendStatus(res: ServerResponse, error: StatusError): void {
  // A Status that says when to retry says it in the header too, which is what clients read.
  const retry = error.details?.retryAfterSeconds;
  sendJson(
    res,
    error.code,
    error.toStatus(),
    retry !== undefined ? { 'Retry-After': String(retry) } : {},
  );
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export const warningHeaders = (warnings: string[]): Record<string, string[]> =>
  warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {};
