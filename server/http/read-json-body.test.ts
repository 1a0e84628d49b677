import { describe, expect, it } from 'vitest';

import { readJsonBody } from './read-json-body';

const post = (
  body: BodyInit | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) =>
  new Request('http://127.0.0.1/api/x', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit);

const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: { status: number }) => e.status,
  );

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    expect(await readJsonBody(post('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
  });

  it('is 413 past the limit, declared or streamed without a length', async () => {
    expect(await statusOf(readJsonBody(post(`"${'x'.repeat(2000)}"`), 1000))).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(4096).fill(0x20));
      },
    });
    expect(await statusOf(readJsonBody(post(stream), 10_000))).toBe(413);
  });

  it('is 400 for malformed, empty or non-JSON bodies', async () => {
    expect(await statusOf(readJsonBody(post('{"a":')))).toBe(400);
    expect(await statusOf(readJsonBody(post('')))).toBe(400);
    expect(await statusOf(readJsonBody(post(null)))).toBe(400);
    expect(await statusOf(readJsonBody(post('{}', { 'content-type': 'text/plain' })))).toBe(400);
  });
});
