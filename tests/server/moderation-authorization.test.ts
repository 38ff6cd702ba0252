import { CLIENT_MESSAGE_TYPES, type ClientMessageType } from '@booth/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { UNLIMITED_FRAMES } from '../helpers/actors.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { connectModerator, postJson, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/**
 * Every message whose type has the staff prefix, wherever its schema is defined (the staff list
 * or a feature's own file), so a staff message added anywhere is walked here.
 */
type StaffMessageType = Extract<ClientMessageType, `staff.${string}`>;
const STAFF_MESSAGE_TYPES = CLIENT_MESSAGE_TYPES.filter((type): type is StaffMessageType => type.startsWith('staff.'));

let t: TestApp;
let siteA: SiteRow;
let siteB: SiteRow;
let staffA: StaffLogin;
let staffB: StaffLogin;
const ids = { thread: '', post: '', member: '', apiKey: '' };

beforeAll(async () => {
  t = await startTestApp({ ws: UNLIMITED_FRAMES });
  siteA = await createTestSite(t.database);
  // Every staff message is sent in one walk: the write limits would refuse the later ones otherwise.
  await relaxLimits(t.database, siteA.id);
  siteB = await createTestSite(t.database);
  staffA = await staffLogin(t, siteA, 'owner');
  staffB = await staffLogin(t, siteB, 'owner');
  const author = await TestClient.connect(t.wsUrl(siteA));
  const me = await author.ok({ type: 'guest.join', name: 'Author' });
  const { thread } = await author.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'b1',
    kind: 'question',
    title: 'A question on site A',
    body: 'Body',
  });
  const { post } = await author.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'A reply',
  });
  Object.assign(ids, { thread: thread.id, post: post.id, member: me.me.id });
  await author.close();
  const ownerA = await connectModerator(t, siteA, staffA);
  const { key } = await ownerA.ok({
    type: 'staff.apikey.create',
    key: TestClient.key(),
    name: 'CRM',
    scopes: ['read'],
  });
  ids.apiKey = key.id;
  await ownerA.close();
});
afterAll(async () => t?.close());

/** A valid message of each staff-only type, aimed at site A's thread, post and member. */
function sample(type: StaffMessageType): Record<string, unknown> {
  const key = TestClient.key();
  const samples: Record<StaffMessageType, Record<string, unknown>> = {
    'staff.subscribe': {},
    'staff.unanswered': {},
    'staff.reports': {},
    'staff.pending': {},
    'staff.threads': {},
    'staff.thread.open': { threadId: ids.thread },
    'staff.thread.action': { key, threadId: ids.thread, action: 'hide', reason: 'x' },
    'staff.thread.move': { key, threadId: ids.thread, board: 'elsewhere' },
    'staff.thread.escalate': { key, threadId: ids.thread },
    'staff.board.page': { key, board: 'b1', pageUrl: 'https://evil.example/phish' },
    'staff.thread.accept': { key, threadId: ids.thread, postId: ids.post },
    'staff.release.record': { key, board: 'b1', name: 'v2 shipped' },
    'staff.recheck': {},
    'staff.answer.confirm': { key, threadId: ids.thread },
    'staff.faq': {},
    'staff.faq.curate': { key, threadId: ids.thread, included: false, position: 1, summary: 'Hijacked' },
    'staff.post.action': { key, postId: ids.post, action: 'hide' },
    'staff.report.resolve': { key, postId: ids.post, action: 'ban', banDays: null },
    'staff.members': {},
    'staff.member.ban': { key, memberId: ids.member, days: null },
    'staff.member.unban': { key, memberId: ids.member },
    'staff.member.role': { key, memberId: ids.member, role: 'owner' },
    'staff.member.erase': { key, memberId: ids.member },
    'staff.audit': {},
    'staff.typing': { threadId: ids.thread },
    'staff.alerts': {},
    'staff.alerts.update': { key, dailyDigest: true, thresholdMinutes: 5 },
    'staff.settings': {},
    'staff.settings.update': { key, guestsAllowed: false, allowedOrigins: ['https://evil.example'] },
    'staff.mail.settings': {},
    'staff.mail.settings.update': { key, fromName: 'Mallory', fromAddress: 'mallory@evil.example' },
    'staff.install': {},
    'staff.origin.allow': { key, origin: 'https://evil.example' },
    'staff.sso.rotate': { key },
    'staff.apikeys': {},
    'staff.apikey.create': { key, name: 'Mallory', scopes: ['read', 'moderate'], staffMemberId: staffA.account.id },
    'staff.apikey.revoke': { key, keyId: ids.apiKey },
    'staff.accounts': {},
    'staff.account.add': { key, email: 'mallory@evil.example', name: 'Mallory', role: 'owner' },
    'staff.account.remove': { key, memberId: staffA.account.id },
    'staff.account.unlock': { key, memberId: staffA.account.id },
  };
  return { type, ...samples[type] };
}

/** Everything a refused request could have changed, as one comparable value. */
async function snapshot(): Promise<unknown> {
  const db = t.database.db;
  const rows = await Promise.all([
    db
      .selectFrom('sites')
      .select(['id', 'allowed_origins', 'guests_allowed', 'sso_secret', 'premoderate_first_posts'])
      .orderBy('id')
      .execute(),
    db.selectFrom('members').select(['id', 'role', 'banned_until', 'password_hash', 'email']).orderBy('id').execute(),
    db
      .selectFrom('threads')
      .select(['id', 'board_id', 'hidden', 'pinned', 'locked', 'accepted_post_id', 'answered_at', 'answer_stale'])
      .orderBy('id')
      .execute(),
    db.selectFrom('posts').select(['id', 'status', 'board_id']).orderBy('id').execute(),
    db.selectFrom('boards').select(['id', 'page_url']).orderBy('id').execute(),
    db.selectFrom('board_releases').select('id').execute(),
    db.selectFrom('api_keys').selectAll().orderBy('id').execute(),
    db.selectFrom('thread_escalations').selectAll().orderBy('thread_id').execute(),
    db.selectFrom('faq_entries').selectAll().orderBy('thread_id').execute(),
    db.selectFrom('reports').selectAll().orderBy('id').execute(),
    db.selectFrom('moderation_actions').select('id').execute(),
    db.selectFrom('staff_sessions').select('id').orderBy('id').execute(),
    sql`select count(*) as n from events`.execute(db),
    sql`select * from site_mail_settings order by site_id`.execute(db),
  ]);
  return JSON.parse(JSON.stringify(rows));
}

/** Site A's settings, members, threads and posts. */
async function siteAState(): Promise<unknown> {
  const db = t.database.db;
  return JSON.parse(
    JSON.stringify(
      await Promise.all([
        db.selectFrom('sites').selectAll().where('id', '=', siteA.id).execute(),
        db
          .selectFrom('members')
          .select(['id', 'role', 'banned_until', 'password_hash'])
          .where('site_id', '=', siteA.id)
          .orderBy('id')
          .execute(),
        db
          .selectFrom('threads')
          .select(['id', 'board_id', 'hidden', 'pinned', 'locked', 'accepted_post_id'])
          .orderBy('id')
          .execute(),
        db.selectFrom('posts').select(['id', 'status', 'board_id']).orderBy('id').execute(),
        db.selectFrom('boards').select(['id', 'page_url']).where('site_id', '=', siteA.id).execute(),
        db.selectFrom('api_keys').selectAll().where('site_id', '=', siteA.id).execute(),
      ]),
    ),
  );
}

async function sendEvery(client: TestClient): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  for (const type of STAFF_MESSAGE_TYPES) {
    const id = `auth-${type}`;
    client.sendRaw(JSON.stringify({ ...sample(type), id }));
    const reply = await client.reply(id);
    codes[type] = reply.type === 'error' ? reply.error.code : `accepted (${reply.type})`;
  }
  return codes;
}

describe('every staff-only message is refused to anyone but staff of the site', () => {
  it('refuses a guest', async () => {
    const guest = await TestClient.connect(t.wsUrl(siteA));
    await guest.ok({ type: 'guest.join', name: 'Guest' });
    const before = await snapshot();
    const codes = await sendEvery(guest);
    for (const type of STAFF_MESSAGE_TYPES) expect([type, codes[type]]).toEqual([type, 'forbidden']);
    await guest.close();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a reader who has not said who they are', async () => {
    const before = await snapshot();
    const reader = await TestClient.connect(t.wsUrl(siteA));
    const codes = await sendEvery(reader);
    for (const type of STAFF_MESSAGE_TYPES) expect([type, codes[type]]).toEqual([type, 'auth_required']);
    await reader.close();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a signed-in customer, even one whose token claims a name like staff', async () => {
    const before = await snapshot();
    const customer = await TestClient.connect(t.wsUrl(siteA));
    await customer.ok({ type: 'hello', sso: await signSso(siteA, { sub: 'cust-1', name: 'Casey' }) });
    const codes = await sendEvery(customer);
    for (const type of STAFF_MESSAGE_TYPES) expect([type, codes[type]]).toEqual([type, 'forbidden']);
    await customer.close();
    // The hello created the member: compare from here on.
    const after = await snapshot();
    expect((after as unknown[]).slice(2)).toEqual((before as unknown[]).slice(2));
  });

  it('refuses a banned member, staff role or not', async () => {
    const banned = await TestClient.connect(t.wsUrl(siteA));
    const hello = await banned.ok({
      type: 'hello',
      sso: await signSso(siteA, { sub: 'banned-1', name: 'Banned Staff', role: 'staff' }),
    });
    await t.database.db
      .updateTable('members')
      .set({ banned_until: new Date(Date.now() + 86_400_000) })
      .where('id', '=', hello.me?.id ?? '0')
      .execute();
    const before = await snapshot();
    const codes = await sendEvery(banned);
    for (const type of STAFF_MESSAGE_TYPES) expect([type, codes[type]]).toEqual([type, 'banned']);
    expect(await snapshot()).toEqual(before);
    await banned.close();
  });

  it("refuses staff of another site: no moderation socket on this site, and this site's ids are invisible", async () => {
    const beforeA = await siteAState();
    await expect(connectModerator(t, siteA, staffB)).rejects.toThrow(/upgrade refused: 403/);
    const moderatorB = await connectModerator(t, siteB, staffB);
    const codes = await sendEvery(moderatorB);
    const aimed = STAFF_MESSAGE_TYPES.filter((type) =>
      Object.values(sample(type)).some(
        (v) => v === ids.thread || v === ids.post || v === ids.member || v === ids.apiKey,
      ),
    );
    for (const type of aimed) expect([type, codes[type]]).toEqual([type, 'not_found']);
    await moderatorB.close();
    // Site B's own settings may have changed; site A, its members, threads and posts did not.
    expect(await siteAState()).toEqual(beforeA);
  });

  it('refuses a moderation socket opened from another origin, even with a valid cookie', async () => {
    await expect(
      TestClient.connect(`${t.wsUrl(siteA)}&moderate=1`, 'https://evil.example', { cookie: staffA.cookie }),
    ).rejects.toThrow(/upgrade refused: 403/);
    await expect(TestClient.connect(`${t.wsUrl(siteA)}&moderate=1`, t.baseUrl)).rejects.toThrow(/upgrade refused: 401/);
  });
});

describe('staff HTTP routes', () => {
  it('refuse requests without a session, without the CSRF token, or from another origin', async () => {
    const before = await snapshot();
    const session = await fetch(`${t.baseUrl}/moderate/api/session`);
    expect(session.status).toBe(401);
    expect(((await session.json()) as { error: { code: string } }).error.code).toBe('auth_required');

    const noCsrf = await postJson(
      t,
      '/moderate/api/password',
      { current: staffA.password, next: 'a-new-password-123' },
      { cookie: staffA.cookie },
    );
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');

    const crossOrigin = await postJson(
      t,
      '/moderate/api/password',
      { current: staffA.password, next: 'a-new-password-123' },
      {
        cookie: staffA.cookie,
        'x-csrf-token': staffA.csrfToken,
        origin: 'https://evil.example',
      },
    );
    expect(crossOrigin.status).toBe(403);

    const noCookie = await postJson(
      t,
      '/moderate/api/password',
      { current: 'x', next: 'a-new-password-123' },
      { 'x-csrf-token': staffA.csrfToken },
    );
    expect(noCookie.status).toBe(401);

    const loginElsewhere = await postJson(
      t,
      '/moderate/api/login',
      { email: staffA.email, password: staffA.password },
      { origin: 'https://evil.example' },
    );
    expect(loginElsewhere.status).toBe(403);

    const otherSite = await postJson(
      t,
      '/moderate/api/logout',
      {},
      { cookie: staffB.cookie, 'x-csrf-token': staffA.csrfToken },
    );
    expect(otherSite.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("refuse an SSO sign-in without a staff role, and one signed with another site's secret", async () => {
    const before = await snapshot();
    const customer = await postJson(t, '/moderate/sso', {
      site: siteA.public_key,
      token: await signSso(siteA, { sub: 'c-9', name: 'Cust' }),
    });
    expect(customer.status).toBe(403);
    expect(((await customer.json()) as { error: { message: string } }).error.message).toMatch(/staff role/);
    const forged = await postJson(t, '/moderate/sso', {
      site: siteA.public_key,
      token: await signSso(siteA, { sub: 's-9', name: 'Forger', role: 'staff' }, { secret: siteB.sso_secret }),
    });
    expect(forged.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });
});
