const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random string of `length` URL-safe characters, e.g. an idempotency key `newKey()`. */
export function randomId(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 63];
  return out;
}

/** A fresh idempotency key for one intended write (it matches the protocol's IdempotencyKey). */
export function newKey(): string {
  return randomId(22);
}
