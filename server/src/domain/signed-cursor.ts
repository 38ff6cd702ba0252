import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, signed page cursors, as `payload.signature`: the payload is a JSON array of the page's
 * position, and the signature (keyed by the server secret and by what the cursor is for) makes
 * an altered cursor, or one of another kind, fail to read instead of being taken as a position.
 */

const PART = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_BYTES = 16;

function sign(payload: string, purpose: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}:${payload}`).digest().subarray(0, SIGNATURE_BYTES);
}

/**
 * A cursor carrying `fields`, signed for `purpose` with `secret`.
 *
 * @example signCursor(['42', '1001'], 'booth-post-cursor', services.guestSecret)
 */
export function signCursor(fields: unknown[], purpose: string, secret: string): string {
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${payload}.${sign(payload, purpose, secret).toString('base64url')}`;
}

/** The fields of a cursor signCursor made for `purpose` with `secret`; null for anything else. */
export function readCursor(cursor: string, purpose: string, secret: string): unknown[] | null {
  const [payload, signature, ...rest] = cursor.split('.');
  if (!payload || !signature || rest.length > 0 || !PART.test(payload) || !PART.test(signature)) return null;
  // Compared as text: base64url has several spellings of the same bytes, and only ours is valid.
  const expected = Buffer.from(sign(payload, purpose, secret).toString('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const fields: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return Array.isArray(fields) ? fields : null;
  } catch {
    return null;
  }
}
