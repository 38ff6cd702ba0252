/**
 * API keys of a site: owners make and revoke them; the HTTP API signs a request in with one.
 * A secret is `booth_` and 32 random bytes; only its SHA-256 is stored, so the secret is shown
 * once, in the answer that makes it. A key that writes or moderates acts as one staff member of
 * the site: its posts carry their name, its actions their audit entries, and it can no longer
 * write or moderate once they leave staff.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  ACTING_SCOPES,
  API_KEY_LIMITS,
  type ApiKeyCreateInput,
  type ApiKeySummary,
  type ApiScope,
} from '@booth/shared';
import {
  type ApiKeyRow,
  countActiveApiKeys,
  findApiKeyByHash,
  insertApiKey,
  listSiteApiKeys,
  revokeSiteApiKey,
  touchApiKey,
} from '../db/api-keys.queries.js';
import { findMember } from '../db/members.queries.js';
import { recordAction } from './audit.js';
import { isStaff } from './authorization.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';
import { assertOwner } from './staff-authorization.js';

const SECRET_PREFIX = 'booth_';
/** Characters of the secret that lists show: the fixed prefix and a few random ones. */
const SHOWN_CHARS = SECRET_PREFIX.length + 6;
/** A key's last use is stamped at most this often, so a busy key is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** Who a request signed with a key speaks for. */
export interface ApiPrincipal {
  siteId: string;
  keyId: string;
  /** The key's scopes; write and moderate only while its staff member is still staff of the site. */
  scopes: ApiScope[];
  /** The staff member the key writes and moderates as, if it may. */
  staffMemberId: string | null;
}

export function hashApiSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function summaryOf(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes as ApiScope[],
    staffMemberId: row.staff_member_id,
    staffName: row.staff_name,
    prefix: row.prefix,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Owners: the site's keys, newest first, revoked ones included. */
export async function listApiKeys(services: Services, actor: Actor): Promise<ApiKeySummary[]> {
  assertOwner(actor.member, actor.site, services.now());
  return (await listSiteApiKeys(services.db, actor.site.id)).map(summaryOf);
}

/**
 * Owners: makes a key and answers its secret, which is not kept and cannot be shown again. Not
 * replayed from a stored answer (that would keep the secret): a retried request makes a second
 * key, which the owner sees in the list and can revoke.
 */
export async function createApiKey(
  services: Services,
  actor: Actor,
  input: ApiKeyCreateInput,
): Promise<{ key: ApiKeySummary; secret: string }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const acting = input.scopes.some((scope) => ACTING_SCOPES.includes(scope));
  const staffMemberId = acting ? (input.staffMemberId ?? null) : null;
  if (acting) {
    const staff = staffMemberId === null ? undefined : await findMember(services.db, staffMemberId);
    // Another site's member is as unknown here as one that does not exist.
    if (staffMemberId !== null && (!staff || staff.site_id !== actor.site.id)) {
      throw new DomainError('not_found', { key: 'refusal.noMember' });
    }
    if (!staff || !isStaff(staff)) throw new DomainError('invalid_message', { key: 'refusal.apiKeyActsAsStaff' });
  }
  const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
  const row = await services.db.transaction().execute(async (tx) => {
    if ((await countActiveApiKeys(tx, actor.site.id)) >= API_KEY_LIMITS.activeKeys) {
      throw new DomainError('conflict', {
        key: 'refusal.tooManyApiKeys',
        params: { count: API_KEY_LIMITS.activeKeys },
      });
    }
    const created = await insertApiKey(tx, {
      siteId: actor.site.id,
      name: input.name,
      scopes: input.scopes,
      staffMemberId,
      secretHash: hashApiSecret(secret),
      prefix: secret.slice(0, SHOWN_CHARS),
      createdBy: actor.member.id,
      now,
    });
    await recordAction(tx, actor, now, {
      action: 'apikey.create',
      target: { type: 'site', id: actor.site.id, label: actor.site.name },
      details: { keyId: created.id, name: created.name, scopes: created.scopes, staffMemberId, prefix: created.prefix },
    });
    return created;
  });
  return { key: summaryOf(row), secret };
}

/** Owners: revokes a key of the site (audited); it signs nothing in from then on. Revoking twice is harmless. */
export async function revokeApiKey(services: Services, actor: Actor, keyId: string): Promise<ApiKeySummary> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const row = await services.db.transaction().execute(async (tx) => {
    const revoked = await revokeSiteApiKey(tx, actor.site.id, keyId, now);
    if (!revoked) throw new DomainError('not_found', { key: 'refusal.noApiKey' });
    await recordAction(tx, actor, now, {
      action: 'apikey.revoke',
      target: { type: 'site', id: actor.site.id, label: actor.site.name },
      details: { keyId: revoked.id, name: revoked.name, prefix: revoked.prefix },
    });
    return revoked;
  });
  return summaryOf(row);
}

/**
 * The principal a secret signs in, or null for a secret that is not a key or whose key was
 * revoked. Lookup is by the secret's hash, so no secret is ever compared in the clear.
 */
export async function authenticateApiKey(services: Services, secret: string): Promise<ApiPrincipal | null> {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const key = await findApiKeyByHash(services.db, hashApiSecret(secret));
  if (!key || key.revoked_at !== null) return null;
  const now = services.now();
  const stillStaff =
    key.staff_member_id !== null &&
    key.staff_site_id === key.site_id &&
    key.staff_role !== null &&
    isStaff({ role: key.staff_role });
  const scopes = (key.scopes as ApiScope[]).filter((scope) => stillStaff || !ACTING_SCOPES.includes(scope));
  if (key.last_used_at === null || now.getTime() - key.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
    await touchApiKey(services.db, key.id, now);
  }
  return { siteId: key.site_id, keyId: key.id, scopes, staffMemberId: stillStaff ? key.staff_member_id : null };
}
