import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { postJson, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let site: SiteRow;

beforeAll(async () => {
  t = await startTestApp();
  site = await createTestSite(t.database);
});
afterAll(async () => t?.close());

/** Picks a language as the signed-in view does: the session cookie and its CSRF token. */
const pick = (login: StaffLogin, body: unknown) =>
  postJson(t, '/moderate/api/language', body, { cookie: login.cookie, 'x-csrf-token': login.csrfToken });

const sessionOf = async (cookie: string) =>
  (await (await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie } })).json()) as {
    language: string | null;
  };

describe('the moderation view language kept with a staff account', () => {
  it('is null until picked, then comes with every session of the account', async () => {
    const login = await staffLogin(t, site);
    expect(login.session.language).toBeNull();
    for (const language of ['ar', 'pt-BR']) {
      expect((await pick(login, { language })).status).toBe(200);
      expect((await sessionOf(login.cookie)).language).toBe(language);
    }
  });

  it('refuses a language Booth does not ship, a request without the CSRF token, and no session', async () => {
    const login = await staffLogin(t, site);
    const unknown = await pick(login, { language: 'tlh' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('invalid_message');
    const extra = await pick(login, { language: 'de', memberId: '1' });
    expect(extra.status).toBe(400);
    const forged = await postJson(t, '/moderate/api/language', { language: 'de' }, { cookie: login.cookie });
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const anonymous = await postJson(t, '/moderate/api/language', { language: 'de' });
    expect(anonymous.status).toBe(401);
    expect((await sessionOf(login.cookie)).language).toBeNull();
  });
});
