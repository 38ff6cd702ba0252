/**
 * Guessing staff passwords: limits per IPv6 /64 (not per address), a lockout per account that
 * owners can lift, and two-factor sign-in with authenticator codes and recovery codes. Codes
 * are computed with `otpauth` from the same injected clock the server uses.
 */
import { createHash } from 'node:crypto';
import type { StaffAccountView, StaffSessionView } from '@booth/shared';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { addStaff, connectModerator, cookieOf, postJson, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let clock = new Date('2026-06-01T09:00:00.000Z');
let nextHost = 1;

/** A fresh IPv4 address (its own network) for each call, so only the account's own count matters. */
const freshNetwork = () => `203.0.113.${nextHost++}`;

beforeAll(async () => {
  t = await startTestApp({ live: { now: () => clock } });
  site = await createTestSite(t.database);
});
afterAll(async () => t?.close());

async function login(body: Record<string, unknown>, from: string): Promise<Response> {
  return postJson(t, '/moderate/api/login', body, { 'x-forwarded-for': from });
}

async function codeOf(response: Response): Promise<string> {
  return ((await response.clone().json()) as { error: { code: string } }).error.code;
}

const authenticator = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) });
const codeAt = (secret: string, at: Date) => authenticator(secret).generate({ timestamp: at.getTime() });

describe('sign-in limits per network', () => {
  it('counts an IPv6 /64 as one network, not each address in it', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 25; i++) {
      const response = await login({ email: 'nobody@brand.example', password: `guess-${i}` }, `2001:db8:1:2::${i}`);
      statuses.push(response.status);
    }
    // The limit is 10 a minute per network and email: the 10th guess is still answered.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(15).fill(429));
    // Another /64 is another network.
    const other = await login({ email: 'nobody@brand.example', password: 'guess' }, '2001:db8:1:3::1');
    expect(other.status).toBe(401);
  });

  it('limits one network across many emails too, and lets the 30th attempt through', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 32; i++) {
      const response = await login({ email: `probe-${i}@brand.example`, password: 'guess' }, `2001:db8:9::${i}`);
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual([429, 429]);
  });

  it('signs in a staff member who mistyped a few times on the same network', async () => {
    const { email, password } = await addStaff(t, site);
    for (let i = 0; i < 9; i++) expect((await login({ email, password: 'typo' }, '2001:db8:5::1')).status).toBe(401);
    expect((await login({ email, password }, '2001:db8:5::2')).status).toBe(200);
  });
});

describe('lockout per account', () => {
  it('locks an account after 10 wrong passwords from 10 networks, even for the right password', async () => {
    const { email, password } = await addStaff(t, site);
    for (let i = 0; i < 10; i++) {
      const response = await login({ email, password: `wrong-${i}` }, freshNetwork());
      expect(await codeOf(response)).toBe('invalid_credentials');
    }
    const right = await login({ email, password }, freshNetwork());
    expect(right.status).toBe(423);
    expect(await codeOf(right)).toBe('account_locked');
    expect(right.headers.getSetCookie()).toEqual([]);
    // The lockout runs out on the server's clock.
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect((await login({ email, password }, freshNetwork())).status).toBe(200);
  });

  it('does not lock after 9 wrong passwords, and a success starts the count again', async () => {
    const { email, password } = await addStaff(t, site);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 9; i++) expect((await login({ email, password: 'wrong' }, freshNetwork())).status).toBe(401);
      expect((await login({ email, password }, freshNetwork())).status).toBe(200);
    }
  });

  it('lets an owner see and lift a lockout; staff cannot', async () => {
    const locked = await addStaff(t, site, 'staff', 'Locked Out');
    for (let i = 0; i < 10; i++) await login({ email: locked.email, password: 'wrong' }, freshNetwork());
    expect((await login({ email: locked.email, password: locked.password }, freshNetwork())).status).toBe(423);

    const colleague = await connectModerator(t, site, await staffLogin(t, site, 'staff'));
    await colleague.ok({ type: 'staff.subscribe' });
    const refused = await colleague.request({
      type: 'staff.account.unlock',
      key: TestClient.key(),
      memberId: locked.account.id,
    });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');

    const owner = await connectModerator(t, site, await staffLogin(t, site, 'owner'));
    await owner.ok({ type: 'staff.subscribe' });
    const { accounts } = await owner.ok({ type: 'staff.accounts' });
    const listed = accounts.find((a: StaffAccountView) => a.id === locked.account.id);
    expect(listed?.lockedUntil).toBe(new Date(clock.getTime() + 30 * 60_000).toISOString());
    const { account } = await owner.ok({
      type: 'staff.account.unlock',
      key: TestClient.key(),
      memberId: locked.account.id,
    });
    expect(account.lockedUntil).toBeNull();
    const { entries } = await owner.ok({ type: 'staff.audit' });
    expect(entries[0]).toMatchObject({ action: 'staff.unlock', target: { id: locked.account.id } });
    expect((await login({ email: locked.email, password: locked.password }, freshNetwork())).status).toBe(200);
    await colleague.close();
    await owner.close();
  });
});

describe('two-factor sign-in', () => {
  /** Signs in, enrols an authenticator and returns its secret and recovery codes. */
  async function enrol(): Promise<{ email: string; password: string; secret: string; recoveryCodes: string[] }> {
    const { email, password } = await addStaff(t, site);
    const first = await login({ email, password }, freshNetwork());
    const session = (await first.json()) as StaffSessionView;
    expect(session.twoFactor).toBe(false);
    const auth = { cookie: cookieOf(first), 'x-csrf-token': session.csrfToken };
    expect((await postJson(t, '/moderate/api/two-factor/setup', {}, { cookie: auth.cookie })).status).toBe(403);
    const setup = await postJson(t, '/moderate/api/two-factor/setup', {}, auth);
    const { secret, uri } = (await setup.json()) as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    const wrong = await postJson(t, '/moderate/api/two-factor/enable', { code: '000000' }, auth);
    expect(wrong.status).toBe(401);
    const enabled = await postJson(t, '/moderate/api/two-factor/enable', { code: codeAt(secret, clock) }, auth);
    expect(enabled.status).toBe(200);
    const { recoveryCodes } = (await enabled.json()) as { recoveryCodes: string[] };
    // The code that confirmed enrolment is used up: sign-in waits for the next one.
    clock = new Date(clock.getTime() + 30_000);
    return { email, password, secret, recoveryCodes };
  }

  it('asks for the code after the right password, and signs in only with a current one, once', async () => {
    const { email, password, secret } = await enrol();
    const noCode = await login({ email, password }, freshNetwork());
    expect(noCode.status).toBe(401);
    expect(await codeOf(noCode)).toBe('two_factor_required');
    expect(noCode.headers.getSetCookie()).toEqual([]);

    const stale = codeAt(secret, new Date(clock.getTime() - 5 * 60_000));
    expect(await codeOf(await login({ email, password, code: stale }, freshNetwork()))).toBe('invalid_credentials');
    const wrongPassword = await login({ email, password: 'wrong', code: codeAt(secret, clock) }, freshNetwork());
    expect(await codeOf(wrongPassword)).toBe('invalid_credentials');

    const code = codeAt(secret, clock);
    const ok = await login({ email, password, code }, freshNetwork());
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as StaffSessionView).twoFactor).toBe(true);
    // Seen over a shoulder and typed again: refused.
    expect((await login({ email, password, code }, freshNetwork())).status).toBe(401);
    // A later code, typed as the app shows it ("123 456"), from a phone 20 s behind the server.
    clock = new Date(clock.getTime() + 60_000);
    const spaced = codeAt(secret, new Date(clock.getTime() - 20_000)).replace(/^(\d{3})/, '$1 ');
    expect((await login({ email, password, code: spaced }, freshNetwork())).status).toBe(200);
  });

  it('takes each recovery code once, and keeps only their hashes', async () => {
    const { email, password, recoveryCodes } = await enrol();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await t.database.db
      .selectFrom('staff_recovery_codes' as never)
      .select('code_hash' as never)
      .execute();
    const hashes = (stored as { code_hash: string }[]).map((r) => r.code_hash);
    for (const code of recoveryCodes) {
      expect(hashes).not.toContain(code);
      expect(hashes).toContain(createHash('sha256').update(code).digest('hex'));
    }
    const code = recoveryCodes[0] as string;
    expect((await login({ email, password, code: code.toUpperCase() }, freshNetwork())).status).toBe(200);
    expect((await login({ email, password, code }, freshNetwork())).status).toBe(401);
  });

  it('counts wrong codes against the account: the 10th locks it', async () => {
    const { email, password, secret } = await enrol();
    const wrong = String((Number(codeAt(secret, clock)) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 9; i++)
      expect((await login({ email, password, code: wrong }, freshNetwork())).status).toBe(401);
    expect((await login({ email, password, code: wrong }, freshNetwork())).status).toBe(423);
    expect((await login({ email, password, code: codeAt(secret, clock) }, freshNetwork())).status).toBe(423);
  });

  it('turns off only with the password and a current code', async () => {
    const { email, password, secret } = await enrol();
    const signedIn = await login({ email, password, code: codeAt(secret, clock) }, freshNetwork());
    const session = (await signedIn.json()) as StaffSessionView;
    const auth = { cookie: cookieOf(signedIn), 'x-csrf-token': session.csrfToken };
    clock = new Date(clock.getTime() + 30_000);
    const noPassword = await postJson(
      t,
      '/moderate/api/two-factor/disable',
      { password: 'wrong', code: codeAt(secret, clock) },
      auth,
    );
    expect(noPassword.status).toBe(401);
    clock = new Date(clock.getTime() + 30_000);
    const off = await postJson(t, '/moderate/api/two-factor/disable', { password, code: codeAt(secret, clock) }, auth);
    expect(off.status).toBe(200);
    expect((await login({ email, password }, freshNetwork())).status).toBe(200);
  });
});

describe('the session cookie', () => {
  it('lasts the session’s 12 hours as a lifetime, so a browser whose clock is off from the server’s keeps it', async () => {
    // The server's clock here is months away from any browser's; an end date taken from it
    // would be in the browser's past (or far future).
    const { email, password } = await addStaff(t, site);
    const response = await login({ email, password }, freshNetwork());
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('booth_staff=')) ?? '';
    expect(cookie).toMatch(/; Max-Age=43200(;|$)/);
    expect(cookie).not.toMatch(/Expires=/i);
  });
});
