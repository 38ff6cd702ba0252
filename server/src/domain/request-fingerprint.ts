import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of a write request as the client sent it, less its per-frame `id`: the same
 * request retried on any socket or node has the same fingerprint, whatever its key order.
 *
 * @example requestFingerprint({ type: 'vote', id: 'r1', key: 'k1234567', postId: '7', value: 1 })
 */
export function requestFingerprint(request: { readonly [field: string]: unknown }): string {
  const { id: _perFrame, ...content } = request;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
