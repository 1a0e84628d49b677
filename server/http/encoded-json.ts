import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * A JSON body serialised once, with a strong ETag (a hash of the bytes) and its compressed forms
 * made on first demand: every browser polling a revision gets the same bytes, so neither the
 * serialisation nor the compression is paid per request, and a browser that has them gets a 304.
 */
export interface EncodedJson {
  readonly body: Buffer;
  /** Of the identity body; a compressed representation carries it with a suffix. */
  readonly etag: string;
  gzip?: Buffer;
  br?: Buffer;
}

export type Coding = 'br' | 'gzip' | 'identity';

/** Below this, compression costs more than the bytes it saves. */
const MIN_COMPRESS_BYTES = 1024;

export function encodeJson(value: unknown): EncodedJson {
  const body = Buffer.from(JSON.stringify(value));
  const hash = createHash('sha1').update(body).digest('hex');
  return { body, etag: `"${hash}"` };
}

/** The coding to answer with for an Accept-Encoding header: brotli, then gzip, by q-value. */
export function negotiate(acceptEncoding: string | null | undefined): Coding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), qParam ? Number(qParam.slice(2)) || 0 : 1);
  }
  const weight = (c: string) => q.get(c) ?? q.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

const etagOf = (e: EncodedJson, coding: Coding) =>
  coding === 'identity' ? e.etag : `${e.etag.slice(0, -1)}-${coding}"`;

/** Whether an If-None-Match header names this body (in any of its codings). */
function matches(e: EncodedJson, ifNoneMatch: string | null | undefined): boolean {
  if (!ifNoneMatch) return false;
  const base = e.etag.slice(1, -1);
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t.slice(1, -1).split('-')[0] === base;
  });
}

export interface JsonReply {
  status: 200 | 304;
  headers: Record<string, string>;
  /** Absent for a 304. */
  body?: Buffer;
}

/** The response to a GET for `e`: a 304 if the client has it, else the best coding it accepts. */
export function replyJson(
  e: EncodedJson,
  request: { acceptEncoding?: string | null; ifNoneMatch?: string | null },
): JsonReply {
  const coding =
    e.body.length < MIN_COMPRESS_BYTES ? 'identity' : negotiate(request.acceptEncoding);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ETag: etagOf(e, coding),
    Vary: 'Accept-Encoding',
    // Stored, but asked again each time: the ETag makes the question cheap.
    'Cache-Control': 'no-cache',
  };
  if (matches(e, request.ifNoneMatch)) return { status: 304, headers };
  let body = e.body;
  if (coding === 'gzip') body = e.gzip ??= gzipSync(e.body, { level: 6 });
  if (coding === 'br')
    body = e.br ??= brotliCompressSync(e.body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_SIZE_HINT]: e.body.length,
      },
    });
  if (coding !== 'identity') headers['Content-Encoding'] = coding;
  headers['Content-Length'] = String(body.length);
  return { status: 200, headers, body };
}
