/**
 * Look-alike and invisible display names, over real sockets: a guest joining, a guest renaming
 * and a customer signing in through SSO cannot appear under a staff member's name or a reserved
 * one, however the name is disguised, and people keep their own names in any script.
 */
import { describe, expect, it } from 'vitest';
import { ask, expectRefused, freshBoard, useBoardApp } from '../helpers/actors.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();

/** The staff member people try to pass as; signed in once so the site knows the name. */
const STAFF_NAME = 'Sam from Acme';

const LOOK_ALIKES: [string, string][] = [
  ['the staff name with a trailing Hangul filler (U+3164)', 'Sam from Acme\u3164'],
  ['the staff name with a Hangul jungseong filler (U+1160)', 'Sam\u1160from Acme'],
  ['the staff name with a half-width Hangul filler (U+FFA0)', 'Sam from\uFFA0Acme'],
  ['the staff name with a zero-width space', 'Sam from Ac\u200Bme'],
  ['the staff name with blank braille', 'Sam from Acme\u2800'],
  ['the staff name in small capitals', 'Sᴀm from Acme'],
  ['the staff name with an Armenian o', 'Sam fr\u0585m Acme'],
  ['the staff name with a Lisu A', 'Sam from \uA4EEcme'],
  ['"admin" with a Lisu A (U+A4EE)', '\uA4EEdmin'],
  ['"support" with an Armenian o (U+0585)', 'supp\u0585rt'],
  ['"moderator" with an Armenian o', 'm\u0585derator'],
  ['"admin" with a small capital A (U+1D00)', '\u1D00dmin'],
  ['"admin" written right to left', '\u202Enimda'],
];

const EVERYDAY_NAMES: [string, string][] = [
  ['a name in Japanese', '山田 太郎'],
  ['a name in Arabic', 'محمد علي'],
  ['a name in Hebrew', 'דנה לוי'],
  ['a name in Persian, with a zero-width non-joiner', 'نیلوفر می\u200Cخواهد'],
  ['a name in Hindi', 'अनीता शर्मा'],
  ['a name in Korean', '김민수'],
  ['a name in Russian', 'Олег Петров'],
  ['a name in Greek', 'Νίκος Π.'],
  ['a name in accented Latin', 'José Álvarez-Núñez'],
  ['a name in Vietnamese', 'Nguyễn Văn Anh'],
  ['a name that merely starts like a staff one', 'Sam from Acme Fans'],
  ['a name that merely contains a reserved word', 'Admiral Ackbar'],
];

describe('look-alike display names', () => {
  it('has the staff member to imitate', async () => {
    const staff = await app.staff('agent-sam', STAFF_NAME);
    expect(staff.me.name).toBe(STAFF_NAME);
    await staff.client.close();
  });

  it.each(LOOK_ALIKES)('refuses %s when a guest joins', async (_what, name) => {
    const client = await TestClient.connect(app.t.wsUrl(app.site));
    await expectRefused(client.request({ type: 'guest.join', name }), 'invalid_message');
    // Nobody was created under that name.
    const rows = await app.t.database.db
      .selectFrom('members')
      .select('id')
      .where('site_id', '=', app.site.id)
      .where('name', '=', name.trim())
      .execute();
    expect(rows).toEqual([]);
    await client.close();
  });

  it.each(LOOK_ALIKES)('refuses %s when a guest renames', async (_what, name) => {
    const guest = await app.guest('Renaming Rita');
    await expectRefused(guest.client.request({ type: 'guest.rename', key: TestClient.key(), name }), 'invalid_message');
    const me = await guest.client.ok({ type: 'hello', guest: guest.guestToken ?? '' });
    expect(me.me?.name).toBe('Renaming Rita');
    await guest.client.close();
  });

  it.each(LOOK_ALIKES)('refuses %s from a signed-in customer', async (_what, name) => {
    const client = await TestClient.connect(app.t.wsUrl(app.site));
    const token = await signSso(app.site, { sub: `customer-${TestClient.key()}`, name });
    const reply = await client.request({ type: 'hello', sso: token });
    // The name claim fails the token's checks or the look-alike check; either way, no sign-in.
    expect(reply.ok ? 'accepted' : ['invalid_message', 'invalid_token'].includes(reply.error.code)).toBe(true);
    await client.close();
  });

  it.each(EVERYDAY_NAMES)('accepts %s, for guests and signed-in customers', async (_what, name) => {
    const guest = await app.guest(name);
    expect(guest.me.name).toBe(name);
    await guest.client.close();
    const member = await app.member({ sub: `everyday-${TestClient.key()}`, name });
    expect(member.me.name).toBe(name);
    await member.client.close();
  });

  it('lets staff keep their own name with the look-alike rules in place', async () => {
    const staff = await app.staff('agent-sam', STAFF_NAME);
    expect(staff.me.name).toBe(STAFF_NAME);
    await staff.client.close();
  });
});

describe('names drawn right to left', () => {
  it('are isolated in <bdi> on the server-rendered thread page, so they cannot reorder the text around them', async () => {
    const name = 'דנה לוי 2';
    const guest = await app.guest(name);
    const { thread } = await ask(guest.client, freshBoard('bdi'), { title: 'Is the strap adjustable?' });
    // The short address redirects to the page's canonical one, named after the title.
    const short = await fetch(`${app.t.baseUrl}/t/${app.site.public_key}/${thread.id}`, { redirect: 'manual' });
    const canonical = new URL(short.headers.get('location') ?? '', app.t.baseUrl);
    const res = await fetch(`${app.t.baseUrl}${canonical.pathname}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<span class="author"><bdi>${name}</bdi></span>`);
    await guest.client.close();
  });
});
