import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from '../../server/src/domain/request-fingerprint.js';

describe('requestFingerprint', () => {
  const reply = { type: 'post.create', id: 'r1', key: 'key-12345', threadId: '7', body: 'Hello' } as const;

  it('is the same for the same request whatever its key order and frame id', () => {
    const reordered = { body: 'Hello', threadId: '7', key: 'key-12345', type: 'post.create', id: 'r99' };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(reply));
    expect(requestFingerprint(reply)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the content differs', () => {
    expect(requestFingerprint({ ...reply, body: 'Hello!' })).not.toBe(requestFingerprint(reply));
    expect(requestFingerprint({ ...reply, parentId: '8' })).not.toBe(requestFingerprint(reply));
  });

  it('leaves out members that are undefined, as they are never sent', () => {
    expect(requestFingerprint({ ...reply, title: undefined })).toBe(requestFingerprint(reply));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
  });
});
