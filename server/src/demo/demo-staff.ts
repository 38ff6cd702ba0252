import type { Kysely } from 'kysely';
import type { Database, SiteRow } from '../db/database.js';
import { getOrCreateSecret } from '../db/secrets.queries.js';
import { findMemberByEmail } from '../db/staff-members.queries.js';
import { generatePassword } from '../domain/passwords.js';
import { provisionAccount } from '../domain/staff-accounts.js';

/** Password accounts of the demo site: an owner (settings, staff) and a staff member. */
export const DEMO_ACCOUNTS = [
  { email: 'owner@demo.booth', name: 'Morgan from Acme', role: 'owner' as const },
  { email: 'staff@demo.booth', name: 'Riley from Acme', role: 'staff' as const },
];

export interface DemoCredentials {
  accounts: typeof DEMO_ACCOUNTS;
  password: string;
}

/**
 * Creates the demo's staff accounts on first start, with one generated password kept in the
 * database, so every start of the demo can print credentials that work. Demo only: a real site's
 * passwords are never stored in clear.
 */
export async function ensureDemoStaff(db: Kysely<Database>, site: SiteRow): Promise<DemoCredentials> {
  const password = await getOrCreateSecret(db, 'demo_staff_password', generatePassword);
  for (const account of DEMO_ACCOUNTS) {
    const existing = await findMemberByEmail(db, site.id, account.email);
    if (!existing || existing.role === 'customer' || existing.password_hash === null) {
      await provisionAccount(db, site, { ...account, password });
    }
  }
  return { accounts: DEMO_ACCOUNTS, password };
}

/** The lines printed when the demo starts. */
export function describeDemoCredentials(publicUrl: string, credentials: DemoCredentials): string {
  const lines = credentials.accounts.map((a) => `    ${a.email.padEnd(18)} ${credentials.password}   (${a.role})`);
  return [`Moderation view: ${publicUrl}/moderate/  — demo sign-in:`, ...lines, ''].join('\n');
}
