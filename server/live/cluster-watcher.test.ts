import { describe, expect, it } from 'vitest';

import { classify } from './cluster-watcher';

describe('classify', () => {
  it('turns watch and list errors into the health states the console shows', () => {
    expect(classify(Object.assign(new Error('Unauthorized'), { statusCode: 401 })).failure).toBe(
      'unauthorized',
    );
    expect(classify(Object.assign(new Error('Forbidden'), { statusCode: 403 })).failure).toBe(
      'forbidden',
    );
    expect(
      classify(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).failure,
    ).toBe('unreachable');
    expect(classify(Object.assign(new Error('Gone'), { statusCode: 500 })).failure).toBe('error');
  });

  it('never keeps a credential from an error message', () => {
    const e = classify(new Error('GET https://admin:s3cret@host/api failed: Bearer abc.def-123'));
    expect(e.message).not.toMatch(/s3cret|abc\.def-123/);
  });
});
