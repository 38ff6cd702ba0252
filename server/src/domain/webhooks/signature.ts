/**
 * Webhook signatures: HMAC-SHA256 over `timestamp.body` with the webhook's secret, sent as
 * `Booth-Signature: t=<unix seconds>,v1=<hex>`. Receivers recompute it and reject old timestamps,
 * so a captured request cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'booth-signature';
/** Default age after which a receiver should refuse a signed request, in seconds. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The signature header value for `body` sent at `timestampSeconds`. */
export function signWebhook(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * Checks a signature header against the raw body as a receiver would.
 *
 * @example verifyWebhook(secret, req.headers['booth-signature'], rawBody, Date.now() / 1000)
 */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  if (!header) return false;
  const parts = new Map(
    header.split(',').map((p) => {
      const at = p.indexOf('=');
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = signWebhook(secret, body, t).split('v1=')[1] ?? '';
  if (given.length !== expected.length || !/^[0-9a-f]+$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'));
}
