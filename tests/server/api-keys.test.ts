/**
 * A site's API keys: owners make them (the secret answered once, only its hash kept), list and
 * revoke them, audited; a secret signs in its key's site and scopes until revoked; a key that
 * writes or moderates must act as a staff member of the site, and only reads once they leave staff.
 */
import { type ApiKeyCreateInput, ApiKeyCreateInput as CreateSchema, check } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MemberRow } from '../../server/src/db/database.js';
import {
  authenticateApiKey,
  createApiKey,
  hashApiSecret,
  listApiKeys,
  revokeApiKey,
} from '../../server/src/domain/api-keys.js';
import type { Actor } from '../../server/src/domain/services.js';
import { removeStaffAccount } from '../../server/src/domain/staff-accounts.js';
import { useBoardApp } from '../helpers/actors.js';
import { addStaff, connectModerator, staffLogin } from '../helpers/staff-session.js';
import { TestClient } from '../helpers/ws-client.js';

let clock = Date.parse('2026-11-21T09:30:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) } });
let owner: Actor;
let staffMember: MemberRow;

beforeAll(async () => {
  owner = { site: app.site, member: (await addStaff(app.t, app.site, 'owner')).account };
  staffMember = (await addStaff(app.t, app.site, 'staff')).account;
});

const services = () => app.t.app.services;
const make = (input: ApiKeyCreateInput, actor: Actor = owner) => createApiKey(services(), actor, input);

async function refusal(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'accepted';
}

describe('API keys', () => {
  it('answers the secret once and keeps only its hash', async () => {
    const { key, secret } = await make({ name: 'Helpdesk', scopes: ['read', 'write'], staffMemberId: staffMember.id });
    expect(secret).toMatch(/^booth_[A-Za-z0-9_-]{43}$/);
    expect(key).toEqual({
      id: key.id,
      name: 'Helpdesk',
      scopes: ['read', 'write'],
      staffMemberId: staffMember.id,
      staffName: staffMember.name,
      prefix: secret.slice(0, 12),
      createdAt: new Date(clock).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    const rows = await app.t.database.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.secret_hash).toBe(hashApiSecret(secret));
    expect(JSON.stringify(rows)).not.toContain(secret);
    // The list never carries a secret either.
    const listed = await listApiKeys(services(), owner);
    expect(listed.find((k) => k.id === key.id)).toEqual(key);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('signs a secret in as its site, scopes and staff member, and stamps its last use', async () => {
    clock += 60_000;
    const { key, secret } = await make({ name: 'CRM', scopes: ['read', 'moderate'], staffMemberId: staffMember.id });
    clock += 5 * 60_000;
    expect(await authenticateApiKey(services(), secret)).toEqual({
      siteId: app.site.id,
      keyId: key.id,
      scopes: ['read', 'moderate'],
      staffMemberId: staffMember.id,
    });
    const used = (await listApiKeys(services(), owner)).find((k) => k.id === key.id);
    expect(used?.lastUsedAt).toBe(new Date(clock).toISOString());
    // A secret that differs in one character, or is not a key at all, signs nothing in.
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    expect(await authenticateApiKey(services(), secret.slice(0, -1) + last)).toBeNull();
    expect(await authenticateApiKey(services(), 'not a key')).toBeNull();
    expect(await authenticateApiKey(services(), '')).toBeNull();
  });

  it('revokes a key: audited, shown revoked, and its secret signs nothing in', async () => {
    clock += 60_000;
    const { key, secret } = await make({ name: 'Old script', scopes: ['read'] });
    expect(key.staffMemberId).toBeNull();
    expect(await authenticateApiKey(services(), secret)).not.toBeNull();
    clock += 60_000;
    const revoked = await revokeApiKey(services(), owner, key.id);
    expect(revoked.revokedAt).toBe(new Date(clock).toISOString());
    expect(await authenticateApiKey(services(), secret)).toBeNull();
    // Revoking again keeps the first time.
    clock += 60_000;
    expect((await revokeApiKey(services(), owner, key.id)).revokedAt).toBe(revoked.revokedAt);

    const moderator = await connectModerator(app.t, app.site, await staffLogin(app.t, app.site, 'owner'));
    const entries = (await moderator.ok({ type: 'staff.audit' })).entries;
    const made = entries.find((e) => e.action === 'apikey.create' && e.details.keyId === key.id);
    expect(made).toMatchObject({ actor: { id: owner.member.id }, details: { name: 'Old script', scopes: ['read'] } });
    expect(entries.filter((e) => e.action === 'apikey.revoke' && e.details.keyId === key.id)).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(secret);
    await moderator.close();
  });

  it('stops writing and moderating as a member who left staff; reading goes on', async () => {
    const leaving = (await addStaff(app.t, app.site, 'staff')).account;
    const { secret } = await make({ name: 'Agent', scopes: ['read', 'write', 'moderate'], staffMemberId: leaving.id });
    expect((await authenticateApiKey(services(), secret))?.scopes).toEqual(['read', 'write', 'moderate']);
    await removeStaffAccount(services(), owner, {
      type: 'staff.account.remove',
      id: 'r1',
      key: TestClient.key(),
      memberId: leaving.id,
    });
    expect(await authenticateApiKey(services(), secret)).toMatchObject({ scopes: ['read'], staffMemberId: null });
  });

  it('is for owners only, and only acts as staff of the same site', async () => {
    const staffActor: Actor = { site: app.site, member: staffMember };
    expect(await refusal(make({ name: 'Mine', scopes: ['read'] }, staffActor))).toBe('forbidden');
    expect(await refusal(listApiKeys(services(), staffActor))).toBe('forbidden');
    const { key } = await make({ name: 'Theirs', scopes: ['read'] });
    expect(await refusal(revokeApiKey(services(), staffActor, key.id))).toBe('forbidden');

    const customer = (await app.guest('Casey')).me;
    expect(await refusal(make({ name: 'As a customer', scopes: ['write'], staffMemberId: customer.id }))).toBe(
      'invalid_message',
    );
    const elsewhere = await app.otherSite();
    const foreignStaff = (await addStaff(app.t, elsewhere, 'staff')).account;
    expect(await refusal(make({ name: 'Foreign', scopes: ['moderate'], staffMemberId: foreignStaff.id }))).toBe(
      'not_found',
    );
    expect(await refusal(make({ name: 'Nobody', scopes: ['write'], staffMemberId: '987654321' }))).toBe('not_found');
    // Another site's owner can neither see nor revoke this site's keys.
    const otherOwner: Actor = { site: elsewhere, member: (await addStaff(app.t, elsewhere, 'owner')).account };
    expect((await listApiKeys(services(), otherOwner)).some((k) => k.id === key.id)).toBe(false);
    expect(await refusal(revokeApiKey(services(), otherOwner, key.id))).toBe('not_found');
  });

  it('validates what makes a key', () => {
    const valid = (input: unknown) => check(CreateSchema, input).ok;
    expect(valid({ name: 'Reader', scopes: ['read'] })).toBe(true);
    expect(valid({ name: 'Writer', scopes: ['write'], staffMemberId: '12' })).toBe(true);
    expect(valid({ name: 'Writer', scopes: ['write'] })).toBe(false);
    expect(valid({ name: 'Nothing', scopes: [] })).toBe(false);
    expect(valid({ name: 'Twice', scopes: ['read', 'read'] })).toBe(false);
    expect(valid({ name: 'Admin', scopes: ['admin'] })).toBe(false);
    expect(valid({ name: '', scopes: ['read'] })).toBe(false);
    expect(valid({ name: 'x'.repeat(81), scopes: ['read'] })).toBe(false);
    expect(valid({ name: 'Reader', scopes: ['read'], extra: true })).toBe(false);
  });
});
