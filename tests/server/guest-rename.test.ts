import { describe, expect, it } from 'vitest';
import { findMember } from '../../server/src/db/members.queries.js';
import { answer, ask, expectRefused, freshBoard, reconnectGuest, useBoardApp } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();

const rename = (client: TestClient, name: string, key = TestClient.key()) =>
  client.request({ type: 'guest.rename', key, name });

async function storedName(memberId: string): Promise<string | undefined> {
  return (await findMember(app.t.database.db, memberId))?.name;
}

describe('guest.rename', () => {
  it('changes the name of the same guest, whose earlier posts show it and stay theirs to edit', async () => {
    const board = freshBoard();
    const guest = await app.guest('Robin');
    const { thread, post: question } = await ask(guest.client, board, { title: 'Does it come in green?' });
    const { post: reply } = await answer(guest.client, thread.id, 'Answering myself: it does.');

    const renamed = await guest.client.ok({ type: 'guest.rename', key: TestClient.key(), name: '  Robin Green  ' });
    expect(renamed.me).toEqual({ ...guest.me, name: 'Robin Green' });
    expect(await storedName(guest.me.id)).toBe('Robin Green');

    // Everyone reading from now on sees the new name, on the thread and on every post.
    const reader = await app.reader();
    const snapshot = await reader.ok({ type: 'subscribe', board });
    expect(snapshot.mode === 'snapshot' && snapshot.threads.map((t) => t.author.name)).toEqual(['Robin Green']);
    const opened = await reader.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => [p.id, p.author.name])).toEqual([
      [question.id, 'Robin Green'],
      [reply.id, 'Robin Green'],
    ]);

    // The same socket writes under the new name; after a reload the token brings the same guest back.
    expect((await answer(guest.client, thread.id, 'Also in olive.')).post.author.name).toBe('Robin Green');
    const back = await reconnectGuest(app.t, app.site, guest.guestToken as string);
    expect(back.me).toEqual(renamed.me);
    const edited = await back.client.ok({ type: 'post.edit', key: TestClient.key(), postId: reply.id, body: 'Yes.' });
    expect(edited.post.author).toEqual(renamed.me);
  });

  it('answers a retry with the first result', async () => {
    const guest = await app.guest('Retry Guest');
    const key = TestClient.key();
    const first = await rename(guest.client, 'Retried Name', key);
    expect(await rename(guest.client, 'Retried Name', key)).toEqual(first);
    expect(await storedName(guest.me.id)).toBe('Retried Name');
  });

  it.each(['Admin', 'm o d e r a t o r', 'Sam from Support', 'ЅAM FROM SUPPORT', '\u202Etroppus'])(
    'refuses %j, a name that passes as staff, and keeps the old one',
    async (name) => {
      await app.staff('agent-rename', 'Sam from Support');
      const guest = await app.guest('Honest Guest');
      const error = await expectRefused(rename(guest.client, name), 'invalid_message');
      expect(error.message).toMatch(/^name: /);
      expect(await storedName(guest.me.id)).toBe('Honest Guest');
    },
  );

  it('refuses a signed-in member, whose name comes from the host page', async () => {
    const member = await app.member({ sub: 'sso-rename', name: 'Signed In Sam' });
    const error = await expectRefused(rename(member.client, 'Someone Else'), 'forbidden');
    expect(error.message).toMatch(/sign-in/);
    expect(await storedName(member.me.id)).toBe('Signed In Sam');
  });

  it('refuses a banned guest, and a reader who has no name yet', async () => {
    const guest = await app.guest('Banned Guest');
    await app.t.database.db
      .updateTable('members')
      .set({ banned_until: new Date(Date.now() + 3_600_000) })
      .where('id', '=', guest.me.id)
      .execute();
    await expectRefused(rename(guest.client, 'Fresh Start'), 'banned');
    expect(await storedName(guest.me.id)).toBe('Banned Guest');
    await expectRefused(rename(await app.reader(), 'Nobody Yet'), 'auth_required');
  });
});
