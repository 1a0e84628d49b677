import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { encodeJson, negotiate, replyJson } from './encoded-json';

const large = { items: Array.from({ length: 200 }, (_, i) => ({ name: `service-${i}`, port: i })) };

describe('encoded JSON bodies', () => {
  it('picks brotli, then gzip, by the q-values of Accept-Encoding', () => {
    expect(negotiate(undefined)).toBe('identity');
    expect(negotiate('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiate('gzip')).toBe('gzip');
    expect(negotiate('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiate('br;q=0.2, gzip;q=0.8')).toBe('gzip');
    expect(negotiate('identity, *;q=0')).toBe('identity');
    expect(negotiate('*')).toBe('br');
  });

  it('answers the coding the client accepts, with the same JSON in each', () => {
    const e = encodeJson(large);
    const plain = replyJson(e, {});
    expect(plain.headers['Content-Encoding']).toBeUndefined();
    expect(JSON.parse(plain.body!.toString())).toEqual(large);
    const gz = replyJson(e, { acceptEncoding: 'gzip' });
    expect(gz.headers['Content-Encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.body!).toString())).toEqual(large);
    const br = replyJson(e, { acceptEncoding: 'br, gzip' });
    expect(br.headers['Content-Encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.body!).toString())).toEqual(large);
    expect(Number(br.headers['Content-Length'])).toBe(br.body!.length);
    expect(br.body!.length).toBeLessThan(plain.body!.length);
    // Each representation has its own strong ETag.
    expect(new Set([plain, gz, br].map((r) => r.headers.ETag)).size).toBe(3);
    // Compressed once: the next request gets the same buffer.
    expect(replyJson(e, { acceptEncoding: 'br' }).body).toBe(br.body);
  });

  it('leaves small bodies uncompressed', () => {
    const reply = replyJson(encodeJson({ ok: true }), { acceptEncoding: 'gzip, br' });
    expect(reply.headers['Content-Encoding']).toBeUndefined();
  });

  it('answers 304 to an If-None-Match naming the same bytes in any coding, 200 otherwise', () => {
    const e = encodeJson(large);
    for (const coding of [undefined, 'gzip', 'br']) {
      const etag = replyJson(e, { acceptEncoding: coding }).headers.ETag;
      const again = replyJson(e, { acceptEncoding: 'br', ifNoneMatch: etag });
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
    }
    expect(replyJson(e, { ifNoneMatch: `W/${e.etag}, "other"` }).status).toBe(304);
    const changed = encodeJson({ ...large, revision: 2 });
    expect(replyJson(changed, { ifNoneMatch: e.etag }).status).toBe(200);
    expect(changed.etag).not.toBe(e.etag);
    expect(encodeJson(large).etag).toBe(e.etag);
  });
});
