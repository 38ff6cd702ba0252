/**
 * Owners set their site's email sender, accent colour, alert threshold and digest hour, and
 * what happens to a deleted account's posts; staff who are not owners, and customers, are
 * refused and change nothing; values the schemas refuse are named.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let owner: StaffLogin;
let agent: StaffLogin;
let ownerSocket: TestClient;
let agentSocket: TestClient;

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false } });
  site = await createTestSite(t.database, { name: 'Settings Brand' });
  owner = await staffLogin(t, site, 'owner');
  agent = await staffLogin(t, site, 'staff');
  ownerSocket = await connectModerator(t, site, owner);
  agentSocket = await connectModerator(t, site, agent);
});

afterAll(async () => {
  for (const c of [ownerSocket, agentSocket]) await c?.close();
  await t?.close();
});

async function stored() {
  const { rows } = await sql`
    select m.from_name, m.from_address, m.accent_color, r.digest_hour, r.unanswered_alert_minutes
    from sites s
    left join site_mail_settings m on m.site_id = s.id
    left join site_reach_settings r on r.site_id = s.id
    where s.id = ${site.id}
  `.execute(t.database.db);
  return rows[0];
}

describe('email and alert settings of a site', () => {
  it('an owner reads the defaults, changes them, and puts one back to its default with null', async () => {
    expect(await ownerSocket.ok({ type: 'staff.mail.settings' })).toEqual({
      fromName: null,
      fromAddress: null,
      accentColor: null,
    });
    const saved = await ownerSocket.ok({
      type: 'staff.mail.settings.update',
      key: TestClient.key(),
      fromName: '  Acme Support ',
      fromAddress: 'Support@Acme.example',
      accentColor: '#2F6B4F',
    });
    expect(saved).toEqual({ fromName: 'Acme Support', fromAddress: 'support@acme.example', accentColor: '#2f6b4f' });
    const partly = await ownerSocket.ok({ type: 'staff.mail.settings.update', key: TestClient.key(), fromName: null });
    expect(partly).toEqual({ fromName: null, fromAddress: 'support@acme.example', accentColor: '#2f6b4f' });
    expect(await ownerSocket.ok({ type: 'staff.mail.settings' })).toEqual(partly);

    const alerts = await ownerSocket.ok({
      type: 'staff.alerts.update',
      key: TestClient.key(),
      thresholdMinutes: 90,
      digestHour: 17,
      dailyDigest: true,
    });
    expect(alerts).toMatchObject({ thresholdMinutes: 90, digestHour: 17, dailyDigest: true, unansweredEmail: false });
    expect(await agentSocket.ok({ type: 'staff.alerts' })).toMatchObject({ thresholdMinutes: 90, digestHour: 17 });

    const deleted = await ownerSocket.ok({
      type: 'staff.settings.update',
      key: TestClient.key(),
      deletedMemberPosts: 'remove',
    });
    expect(deleted.deletedMemberPosts).toBe('remove');

    const { entries } = await ownerSocket.ok({ type: 'staff.audit' });
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['site.mail_settings', 'site.alert_threshold', 'site.settings']),
    );
  });

  it('refuses staff who are not owners, and customers, and changes nothing', async () => {
    const before = await stored();
    for (const request of [
      { type: 'staff.mail.settings' as const },
      { type: 'staff.mail.settings.update' as const, key: TestClient.key(), fromName: 'Agent' },
      { type: 'staff.alerts.update' as const, key: TestClient.key(), digestHour: 3 },
      { type: 'staff.settings.update' as const, key: TestClient.key(), deletedMemberPosts: 'anonymize' as const },
    ]) {
      const reply = await agentSocket.request(request);
      expect([request.type, reply.ok ? 'accepted' : reply.error.code]).toEqual([request.type, 'forbidden']);
    }
    // A staff member still chooses their own emails.
    expect(
      await agentSocket.ok({ type: 'staff.alerts.update', key: TestClient.key(), unansweredEmail: true }),
    ).toMatchObject({ unansweredEmail: true, digestHour: 17 });

    const customer = await TestClient.connect(t.wsUrl(site));
    await customer.ok({ type: 'hello', sso: await signSso(site, { sub: 'c-1', name: 'Casey' }) });
    const asCustomer = await customer.request({
      type: 'staff.mail.settings.update',
      key: TestClient.key(),
      fromName: 'X',
    });
    expect(asCustomer.ok ? 'accepted' : asCustomer.error.code).toBe('forbidden');
    await customer.close();
    expect(await stored()).toEqual(before);
  });

  it('names the value it refuses: a header-breaking name, a bad address or colour, an hour past 23', async () => {
    const before = await stored();
    const refused = async (fields: Record<string, unknown>, type = 'staff.mail.settings.update') => {
      const id = `bad-${TestClient.key()}`;
      ownerSocket.sendRaw(JSON.stringify({ type, id, key: TestClient.key(), ...fields }));
      const reply = await ownerSocket.reply(id);
      return reply.type === 'error' ? `${reply.error.code}: ${reply.error.message}` : 'accepted';
    };
    expect(await refused({ fromName: 'Acme\r\nBcc: all@victims.example' })).toMatch(/^invalid_message: .*fromName/);
    expect(await refused({ fromName: 'Acme <evil@example.com>' })).toMatch(/^invalid_message: .*fromName/);
    expect(await refused({ fromAddress: 'not an address' })).toMatch(/^invalid_message: .*fromAddress/);
    expect(await refused({ accentColor: 'red;background:url(x)' })).toMatch(/^invalid_message: .*accentColor/);
    expect(await refused({})).toBe('invalid_message: Nothing to change.');
    expect(await refused({ digestHour: 24 }, 'staff.alerts.update')).toMatch(/^invalid_message: .*digestHour/);
    expect(await stored()).toEqual(before);
  });
});
