import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { findMember } from '../../server/src/db/members.queries.js';
import { answer, ask, expectRefused, freshBoard, reconnectGuest, useBoardApp } from '../helpers/actors.js';
import { englishUtcDate } from '../helpers/refusal-date.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let otherSite: SiteRow;

const app = useBoardApp({ site: { name: 'Acme Outdoor' } });

beforeAll(async () => {
  otherSite = await app.otherSite({ name: 'Other Brand' });
});

describe('hello', () => {
  it('greets a reader with no identity and the site policy', async () => {
    const client = await app.reader();
    expect(await client.ok({ type: 'hello' })).toEqual({
      me: null,
      site: { name: 'Acme Outdoor', guestsAllowed: true, answerBadge: false },
    });
  });

  it('lets a reader read but not write', async () => {
    const client = await app.reader();
    await client.ok({ type: 'hello' });
    expect((await client.ok({ type: 'subscribe', board: 'reading' })).mode).toBe('snapshot');
    await expectRefused(
      client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board: 'reading',
        kind: 'question',
        title: 'Anyone?',
        body: 'Hello',
      }),
      'auth_required',
    );
    await expectRefused(
      client.request({ type: 'vote', key: TestClient.key(), postId: '1', value: 1 }),
      'auth_required',
    );
  });
});

describe('guests', () => {
  it('join with a display name and get a token', async () => {
    const { me, guestToken } = await app.guest('  Robin  ');
    expect(me).toEqual({
      id: expect.stringMatching(/^[1-9]\d*$/),
      name: 'Robin',
      avatarUrl: null,
      role: 'customer',
      guest: true,
    });
    expect(guestToken).toMatch(/^g1\./);
    const row = await findMember(app.t.database.db, me.id);
    expect(row).toMatchObject({ site_id: app.site.id, guest: true, name: 'Robin', external_id: null });
  });

  it('come back as the same member with their token', async () => {
    const first = await app.guest('Returning Robin');
    const again = await reconnectGuest(app.t, app.site, first.guestToken as string);
    expect(again.me).toEqual(first.me);
  });

  it('cannot use a token on another site', async () => {
    const { guestToken } = await app.guest('Robin');
    const elsewhere = await app.reader(otherSite);
    await expectRefused(elsewhere.request({ type: 'hello', guest: guestToken as string }), 'invalid_token');
  });

  it('cannot change the member id in a token', async () => {
    const a = await app.guest('Robin A');
    const b = await app.guest('Robin B');
    const forged = (a.guestToken as string).replace(`.${a.me.id}.`, `.${b.me.id}.`);
    const client = await app.reader();
    await expectRefused(client.request({ type: 'hello', guest: forged }), 'invalid_token');
  });

  it('cannot come back with a token of a member that is gone', async () => {
    const { me, guestToken } = await app.guest('Fleeting');
    await app.t.database.db.deleteFrom('members').where('id', '=', me.id).execute();
    await expectRefused((await app.reader()).request({ type: 'hello', guest: guestToken as string }), 'invalid_token');
  });

  it.each(['Admin', 'moderator', 'S t a f f', 'Ａｄｍｉｎ'])('cannot take the reserved name %j', async (name) => {
    const client = await app.reader();
    const error = await expectRefused(client.request({ type: 'guest.join', name }), 'invalid_message');
    expect(error.message).toMatch(/^name:/);
  });

  it('are refused on a site that only allows signed-in members', async () => {
    const closed = await app.otherSite({ guestsAllowed: false });
    const client = await app.reader(closed);
    expect((await client.ok({ type: 'hello' })).site.guestsAllowed).toBe(false);
    await expectRefused(client.request({ type: 'guest.join', name: 'Robin' }), 'guests_not_allowed');
    const member = await app.member({ sub: 'shopper-1', name: 'Signed In' }, closed);
    expect((await ask(member.client, freshBoard())).thread.author.guest).toBe(false);
  });

  it('who joined before the site closed to guests can read but not write', async () => {
    const closing = await app.otherSite({ guestsAllowed: true });
    const { guestToken } = await app.guest('Early Bird', closing);
    await app.t.database.db.updateTable('sites').set({ guests_allowed: false }).where('id', '=', closing.id).execute();
    const again = await reconnectGuest(app.t, closing, guestToken as string);
    const board = freshBoard();
    expect((await again.client.ok({ type: 'subscribe', board })).mode).toBe('snapshot');
    await expectRefused(
      again.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'question',
        title: 'Still here?',
        body: 'Hello',
      }),
      'guests_not_allowed',
    );
  });
});

describe('a refused sign-in on an open socket', () => {
  /** Asserts the socket can no longer write, and that the refused write left nothing behind. */
  async function expectSignedOut(client: TestClient) {
    const board = freshBoard('signed-out');
    await expectRefused(
      client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'question',
        title: 'Still me?',
        body: 'Posted as the previous account',
      }),
      'auth_required',
    );
    const threads = await app.t.database.db
      .selectFrom('threads')
      .innerJoin('boards', 'boards.id', 'threads.board_id')
      .select('threads.id')
      .where('boards.slug', '=', board)
      .execute();
    expect(threads).toEqual([]);
  }

  it('with an invalid SSO token leaves a signed-in member signed out', async () => {
    const member = await app.member({ sub: 'switcher-1', name: 'First Account' });
    const token = await signSso(otherSite, { sub: 'switcher-2', name: 'Second Account' });
    await expectRefused(member.client.request({ type: 'hello', sso: token }), 'invalid_token');
    await expectSignedOut(member.client);
    // Signing in again works as before.
    const again = await member.client.ok({
      type: 'hello',
      sso: await signSso(app.site, { sub: 'switcher-1', name: 'First Account' }),
    });
    expect(again.me).toEqual(member.me);
  });

  it('with an expired SSO token leaves a signed-in member signed out', async () => {
    const member = await app.member({ sub: 'switcher-3', name: 'Third Account' });
    const expired = await signSso(app.site, { sub: 'switcher-4', name: 'Fourth Account', expiresIn: -3600 });
    await expectRefused(member.client.request({ type: 'hello', sso: expired }), 'invalid_token');
    await expectSignedOut(member.client);
  });

  it('with a forged guest token leaves a guest signed out', async () => {
    const guest = await app.guest('Guest Switcher');
    const other = await app.guest('Other Guest');
    const forged = (guest.guestToken as string).replace(`.${guest.me.id}.`, `.${other.me.id}.`);
    await expectRefused(guest.client.request({ type: 'hello', guest: forged }), 'invalid_token');
    await expectSignedOut(guest.client);
  });

  it('with a reserved name leaves a signed-in member signed out', async () => {
    const member = await app.member({ sub: 'switcher-5', name: 'Fifth Account' });
    const reserved = await signSso(app.site, { sub: 'switcher-6', name: 'Moderator' });
    await expectRefused(member.client.request({ type: 'hello', sso: reserved }), 'invalid_message');
    await expectSignedOut(member.client);
  });
});

describe('changes to a member or site while their socket is open', () => {
  it('a ban applies to the next write without a reconnect', async () => {
    const member = await app.member({ sub: 'soon-banned', name: 'Soon Banned' });
    const board = freshBoard();
    await ask(member.client, board);
    const until = new Date(Date.now() + 24 * 3600_000);
    await app.t.database.db
      .updateTable('members')
      .set({ banned_until: until })
      .where('id', '=', member.me.id)
      .execute();
    const error = await expectRefused(
      member.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'question',
        title: 'After the ban',
        body: 'Hello',
      }),
      'banned',
    );
    // The refusal names the ban's end in UTC, as English writes a date.
    expect(error.message).toContain(englishUtcDate(until));
    expect((await member.client.ok({ type: 'subscribe', board })).mode).toBe('snapshot');
  });

  it('a ban and its lifting apply to the next reply without a reconnect', async () => {
    const member = await app.member({ sub: 'reply-banned', name: 'Reply Banned' });
    const board = freshBoard();
    const { thread } = await ask(member.client, board);
    const ban = (until: Date | null) =>
      app.t.database.db.updateTable('members').set({ banned_until: until }).where('id', '=', member.me.id).execute();
    await ban(new Date(Date.now() + 24 * 3600_000));
    const reply = () =>
      member.client.request({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: 'Replying' });
    await expectRefused(reply(), 'banned');
    // A refused thread has the socket read the member as banned; lifting the ban still lets the next reply through.
    await expectRefused(
      member.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'question',
        title: 'Still banned?',
        body: 'Hello',
      }),
      'banned',
    );
    await ban(null);
    expect((await answer(member.client, thread.id, 'Back again')).post.source).toBe('Back again');
  });

  it('closing the site to guests applies to the replies of guests already connected', async () => {
    const closing = await app.otherSite({ guestsAllowed: true });
    const guest = await app.guest('Replying Guest', closing);
    const { thread } = await ask(guest.client, freshBoard());
    await app.t.database.db.updateTable('sites').set({ guests_allowed: false }).where('id', '=', closing.id).execute();
    await expectRefused(
      guest.client.request({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: 'Still here?' }),
      'guests_not_allowed',
    );
  });

  it('closing the site to guests applies to guests already connected', async () => {
    const closing = await app.otherSite({ guestsAllowed: true });
    const guest = await app.guest('Connected Guest', closing);
    const board = freshBoard();
    await ask(guest.client, board);
    await app.t.database.db.updateTable('sites').set({ guests_allowed: false }).where('id', '=', closing.id).execute();
    await expectRefused(
      guest.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'question',
        title: 'Still posting?',
        body: 'Hello',
      }),
      'guests_not_allowed',
    );
    const other = await app.reader(closing);
    await expectRefused(guest.client.request({ type: 'guest.join', name: 'Second Name' }), 'guests_not_allowed');
    expect((await other.ok({ type: 'hello' })).site.guestsAllowed).toBe(false);
  });
});

describe('single sign-on', () => {
  it('signs in a shopper and keeps one member per external id', async () => {
    const first = await app.member({ sub: 'shop-42', name: 'Ada', avatar: 'https://cdn.example/ada.png' });
    expect(first.me).toEqual({
      id: expect.any(String),
      name: 'Ada',
      avatarUrl: 'https://cdn.example/ada.png',
      role: 'customer',
      guest: false,
    });
    const renamed = await app.member({ sub: 'shop-42', name: 'Ada L.' });
    expect(renamed.me).toEqual({ ...first.me, name: 'Ada L.', avatarUrl: null });
    const rows = await app.t.database.db
      .selectFrom('members')
      .select(['id', 'name'])
      .where('site_id', '=', app.site.id)
      .where('external_id', '=', 'shop-42')
      .execute();
    expect(rows).toEqual([{ id: first.me.id, name: 'Ada L.' }]);
  });

  it('keeps the same external id apart on two sites', async () => {
    const here = await app.member({ sub: 'shared-sub', name: 'Here' });
    const there = await app.member({ sub: 'shared-sub', name: 'There' }, otherSite);
    expect(here.me.id).not.toBe(there.me.id);
  });

  it('honours a signed staff role, and a later signed customer role demotes', async () => {
    const staff = await app.staff('agent-9', 'Sam from Support');
    expect(staff.me.role).toBe('staff');
    const demoted = await app.member({ sub: 'agent-9', name: 'Sam', role: 'customer' });
    expect(demoted.me).toMatchObject({ id: staff.me.id, role: 'customer' });
  });

  it('keeps a role the token does not mention', async () => {
    const staff = await app.staff('agent-10');
    const plain = await app.member({ sub: 'agent-10', name: 'Sam' });
    expect(plain.me).toMatchObject({ id: staff.me.id, role: 'staff' });
  });

  it('refuses a role forged into a signed token and leaves the member as they were', async () => {
    const customer = await app.member({ sub: 'sneaky-1', name: 'Sneaky' });
    const [header, payload, signature] = (await signSso(app.site, { sub: 'sneaky-1', name: 'Sneaky' })).split('.');
    const claims = { ...JSON.parse(Buffer.from(payload as string, 'base64url').toString()), role: 'staff' };
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    const client = await app.reader();
    await expectRefused(client.request({ type: 'hello', sso: forged }), 'invalid_token');
    expect((await findMember(app.t.database.db, customer.me.id))?.role).toBe('customer');
  });

  it('refuses a token signed with another site secret', async () => {
    const client = await app.reader();
    const token = await signSso(otherSite, { sub: 'u1', name: 'Robin', role: 'staff' });
    await expectRefused(client.request({ type: 'hello', sso: token }), 'invalid_token');
  });

  it('refuses an expired token and says so', async () => {
    const client = await app.reader();
    const token = await signSso(app.site, { sub: 'u1', name: 'Robin', expiresIn: -3600 });
    const error = await expectRefused(client.request({ type: 'hello', sso: token }), 'invalid_token');
    expect(error.message).toMatch(/expired/i);
  });

  it('refuses a token with an unsafe avatar URL', async () => {
    const client = await app.reader();
    const token = await signSso(app.site, { sub: 'u1', name: 'Robin', avatar: 'javascript:alert(1)' });
    await expectRefused(client.request({ type: 'hello', sso: token }), 'invalid_token');
  });

  it('reserves staff names for staff', async () => {
    const client = await app.reader();
    await expectRefused(
      client.request({ type: 'hello', sso: await signSso(app.site, { sub: 'u2', name: 'Support' }) }),
      'invalid_message',
    );
    const staff = await app.staff('agent-11', 'Support');
    expect(staff.me).toMatchObject({ name: 'Support', role: 'staff' });
  });

  it('prefers the SSO identity when both tokens are given', async () => {
    const guest = await app.guest('Guest Me');
    const client = await app.reader();
    const { me } = await client.ok({
      type: 'hello',
      guest: guest.guestToken as string,
      sso: await signSso(app.site, { sub: 'both-1', name: 'Member Me' }),
    });
    expect(me).toMatchObject({ name: 'Member Me', guest: false });
  });

  it('lets a signed-in member write as themselves', async () => {
    const member = await app.member({ sub: 'writer-1', name: 'Writer' });
    const { thread, post } = await ask(member.client, freshBoard());
    expect(thread.author).toEqual(member.me);
    expect(post.author).toEqual(member.me);
  });
});
