import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { hashSessionToken } from '../../server/src/domain/staff-sessions.js';
import { addStaff, connectModerator, cookieOf, postJson, signIn } from '../helpers/staff-session.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let site: SiteRow;

beforeAll(async () => {
  t = await startTestApp({ staffHttp: { loginPerMinute: 5 } });
  site = await createTestSite(t.database);
});
afterAll(async () => t?.close());

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('staff sign-in', () => {
  it('signs in with email and password: an httpOnly cookie, a CSRF token, and a session that answers', async () => {
    const { email, password, account } = await addStaff(t, site, 'owner');
    const response = await postJson(t, '/moderate/api/login', { email: email.toUpperCase(), password });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('booth_staff=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = (await response.json()) as { me: { id: string }; csrfToken: string; site: { key: string } };
    expect(body.me.id).toBe(account.id);
    expect(body.site.key).toBe(site.public_key);
    const stored = await t.database.db
      .selectFrom('staff_sessions')
      .selectAll()
      .where('member_id', '=', account.id)
      .execute();
    // Only the hash of the token is stored.
    expect(stored.map((s) => s.id)).toContain(hashSessionToken(cookieOf(response).split('=')[1] as string));
    const session = await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie: cookieOf(response) } });
    expect(session.status).toBe(200);
  });

  it('gives one clear message for a wrong password and an unknown email', async () => {
    const { email } = await addStaff(t, site);
    const wrong = await postJson(t, '/moderate/api/login', { email, password: 'not-the-password' });
    const unknown = await postJson(t, '/moderate/api/login', {
      email: 'nobody@brand.example',
      password: 'whatever-it-is',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await errorOf(wrong)).toEqual({
      code: 'invalid_credentials',
      message: 'The email or password is not right.',
    });
    expect(await errorOf(unknown)).toEqual({
      code: 'invalid_credentials',
      message: 'The email or password is not right.',
    });
  });

  it('rate limits sign-in attempts per address and email', async () => {
    const email = 'target@brand.example';
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await postJson(t, '/moderate/api/login', { email, password: `guess-${i}` })).status);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    const limited = await postJson(t, '/moderate/api/login', { email, password: 'again' });
    const error = await errorOf(limited);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toMatch(/Too many sign-in attempts/);
  });

  it('tells an expired session apart, and the moderation socket refuses it', async () => {
    const { email, password, account } = await addStaff(t, site);
    const { cookie } = await signIn(t, email, password);
    await t.database.db
      .updateTable('staff_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('member_id', '=', account.id)
      .execute();
    const response = await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie } });
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({
      code: 'session_expired',
      message: 'Your session has expired. Please sign in again.',
    });
    await expect(connectModerator(t, site, { cookie })).rejects.toThrow(/401/);
  });

  it('signs out: the session ends everywhere, open moderation sockets included', async () => {
    const { email, password } = await addStaff(t, site);
    const { cookie, session } = await signIn(t, email, password);
    const socket = await connectModerator(t, site, { cookie });
    await socket.ok({ type: 'staff.unanswered' });
    const out = await postJson(t, '/moderate/api/logout', {}, { cookie, 'x-csrf-token': session.csrfToken });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/booth_staff=;/);
    const after = await socket.request({ type: 'staff.unanswered' });
    expect(after.ok ? null : after.error.code).toBe('session_expired');
    await socket.close();
  });

  it('ends sessions of removed staff at once', async () => {
    const { email, password, account } = await addStaff(t, site);
    const { cookie } = await signIn(t, email, password);
    await t.database.db.updateTable('members').set({ role: 'customer' }).where('id', '=', account.id).execute();
    const response = await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie } });
    expect(response.status).toBe(403);
  });

  it('asks for the site key when one email has staff accounts on two sites', async () => {
    const other = await createTestSite(t.database);
    const email = 'both@brand.example';
    const password = 'the-same-password-1';
    const { provisionAccount } = await import('../../server/src/domain/staff-accounts.js');
    await provisionAccount(t.database.db, site, { email, name: 'Both', role: 'staff', password });
    await provisionAccount(t.database.db, other, { email, name: 'Both', role: 'staff', password });
    const ambiguous = await postJson(t, '/moderate/api/login', { email, password });
    expect(ambiguous.status).toBe(409);
    expect((await errorOf(ambiguous)).message).toMatch(/Enter the site key/);
    const chosen = await postJson(t, '/moderate/api/login', { email, password, site: other.public_key });
    expect(((await chosen.json()) as { site: { key: string } }).site.key).toBe(other.public_key);
  });

  it('lets staff arrive signed in through SSO with a staff role (form post, then the view)', async () => {
    const token = await signSso(site, { sub: 'brand-staff-1', name: 'Brand Staff', role: 'staff' });
    const response = await fetch(`${t.baseUrl}/moderate/sso`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://brand.example' },
      body: new URLSearchParams({ site: site.public_key, token }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/moderate/');
    const socket = await connectModerator(t, site, { cookie: cookieOf(response) });
    const feed = await socket.ok({ type: 'staff.subscribe' });
    expect(feed.me).toMatchObject({ name: 'Brand Staff', role: 'staff', via: 'sso' });
    await socket.close();
  });

  it('changes the own password with the CSRF token, ending other sessions', async () => {
    const { email, password } = await addStaff(t, site);
    const first = await signIn(t, email, password);
    const second = await signIn(t, email, password);
    const changed = await postJson(
      t,
      '/moderate/api/password',
      { current: password, next: 'a-brand-new-passw0rd' },
      {
        cookie: second.cookie,
        'x-csrf-token': second.session.csrfToken,
      },
    );
    expect(changed.status).toBe(200);
    expect((await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie: first.cookie } })).status).toBe(401);
    expect((await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie: second.cookie } })).status).toBe(200);
  });

  it('serves the moderation view under a strict content security policy', async () => {
    const response = await fetch(`${t.baseUrl}/moderate/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
