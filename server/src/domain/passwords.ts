import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Argon2id with the library's defaults (19 MiB, 2 passes), the OWASP baseline. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when `password` matches the stored hash; a malformed hash never matches. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so both failures take as long.
let decoy: Promise<string> | null = null;

/** Spends the time of one verification, so an unknown email is not told apart by timing. */
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(await decoy, password);
}

/** A random password of 20 URL-safe characters (120 bits), for new accounts. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
