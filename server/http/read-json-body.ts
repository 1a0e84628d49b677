import 'server-only';

import { AppError } from './app-error';

/** Default cap of a mutation's body: intents and sign-ins are small. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/**
 * A request's body as text, read at most `maxBytes` far: a larger body is a 413 before it is all
 * read (a lying or missing Content-Length does not help). No body is the empty string.
 */
export async function readBodyText(
  req: Request,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<string> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * A request's JSON body, read as `readBodyText` reads it; a body that is not JSON or not
 * `application/json` is a 400. The value is `unknown`: validate it with zod next.
 */
export async function readJsonBody(
  req: Request,
  maxBytes: number = DEFAULT_MAX_BODY_BYTES,
): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type))
    throw new AppError('bad_request', 'the body must be JSON (Content-Type: application/json)');
  const text = await readBodyText(req, maxBytes);
  if (!text.trim()) throw new AppError('bad_request', 'the body is empty: JSON expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new AppError('bad_request', `the body is not valid JSON: ${(e as Error).message}`);
  }
}

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `the request body is larger than ${maxBytes} bytes`);
