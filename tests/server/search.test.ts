import type { SearchHit, TextRun } from '@booth/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let other: SiteRow;
let asker: TestClient;
let staff: TestClient;
let reader: TestClient;

const ids: Record<string, string> = {};

async function ask(
  client: TestClient,
  board: string,
  title: string,
  body: string,
  kind: 'question' | 'discussion' = 'question',
) {
  const r = await client.ok({ type: 'thread.create', key: TestClient.key(), board, kind, title, body });
  return r.thread;
}

async function reply(client: TestClient, threadId: string, body: string) {
  return (await client.ok({ type: 'post.create', key: TestClient.key(), threadId, body })).post;
}

const marked = (runs: TextRun[]) => runs.map((r) => (r.match ? `[${r.text}]` : r.text)).join('');

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false } });
  site = await createTestSite(t.database);
  other = await createTestSite(t.database);
  await relaxLimits(t.database, site.id);
  await relaxLimits(t.database, other.id);
  asker = await TestClient.connect(t.wsUrl(site));
  await asker.ok({ type: 'guest.join', name: 'Robin' });
  staff = await TestClient.connect(t.wsUrl(site));
  await staff.ok({
    type: 'hello',
    sso: await signSso(site, { sub: 'agent-1', name: 'Sam from Brand', role: 'staff' }),
  });
  reader = await TestClient.connect(t.wsUrl(site));

  const shipping = await ask(
    asker,
    'shoes',
    'How long is shipping to Berlin?',
    'I ordered **running shoes** on Monday.',
  );
  ids.shipping = shipping.id;
  const answer = await reply(staff, shipping.id, 'Shipping to Germany takes two to three days.\nTracking is emailed.');
  await staff.ok({ type: 'thread.accept', key: TestClient.key(), threadId: shipping.id, postId: answer.id });

  ids.express = (
    await ask(asker, 'shoes', 'Express shipping shipping shipping', 'Is there express shipping for shipping?')
  ).id;
  ids.returns = (await ask(asker, 'shoes', 'Return policy for worn shoes', 'Can I return shoes I wore once?')).id;
  await reply(asker, ids.returns, 'Also: is the refund sent to my card?');
  ids.laces = (await ask(asker, 'laces', 'Replacement laces', 'Where can I buy replacement laces?')).id;
  ids.hidden = (await ask(asker, 'shoes', 'Hidden shipping question', 'This one is hidden.')).id;
  await sql`update threads set hidden = true where id = ${ids.hidden}`.execute(t.database.db);
  ids.chat = (await ask(asker, 'shoes', 'Shipping stories', 'Tell us about your shipping.', 'discussion')).id;

  const stranger = await TestClient.connect(t.wsUrl(other));
  await stranger.ok({ type: 'guest.join', name: 'Kim' });
  ids.otherSite = (await ask(stranger, 'shoes', 'Shipping to Paris on another site', 'Other brand.')).id;
  await stranger.close();
});

afterAll(async () => {
  for (const c of [asker, staff, reader]) await c?.close();
  await t?.close();
});

describe('search', () => {
  it('finds threads by words of their replies, with the matched words marked', async () => {
    const { hits } = await reader.ok({ type: 'search', query: 'refund card', board: 'shoes' });
    expect(hits.map((h) => h.thread.id)).toEqual([ids.returns]);
    const hit = hits[0] as SearchHit;
    expect(marked(hit.snippet)).toContain('[refund]');
    expect(marked(hit.snippet)).toContain('[card]');
    expect(hit.postId).not.toBe(hit.thread.rootPostId);
  });

  it('puts answered questions first, then ranks the rest', async () => {
    const { hits } = await reader.ok({ type: 'search', query: 'shipping', board: 'shoes' });
    const order = hits.map((h) => h.thread.id);
    // The express thread says "shipping" far more often, but the Berlin question has an accepted answer.
    expect(order[0]).toBe(ids.shipping);
    expect(order).toContain(ids.express);
    expect(order).toContain(ids.chat);
    expect(order.indexOf(ids.express as string)).toBeLessThan(order.indexOf(ids.chat as string));
    expect(hits[0]?.thread.status).toBe('answered');
    expect(marked(hits[0]?.title ?? [])).toBe('How long is [shipping] to Berlin?');
  });

  it('stems words and strips markdown from snippets', async () => {
    const { hits } = await reader.ok({ type: 'search', query: 'run shoe', board: 'shoes' });
    const berlin = hits.find((h) => h.thread.id === ids.shipping);
    expect(berlin).toBeDefined();
    expect(marked(berlin?.snippet ?? [])).toContain('[running] [shoes]');
    expect(marked(berlin?.snippet ?? [])).not.toContain('**');
  });

  it('never shows hidden threads, other boards (unless site-wide), or other sites', async () => {
    const board = await reader.ok({ type: 'search', query: 'shipping', board: 'shoes' });
    expect(board.hits.map((h) => h.thread.id)).not.toContain(ids.hidden);
    expect(board.hits.map((h) => h.thread.id)).not.toContain(ids.otherSite);
    const onLaces = await reader.ok({ type: 'search', query: 'laces', board: 'shoes' });
    expect(onLaces.hits).toEqual([]);
    const siteWide = await reader.ok({ type: 'search', query: 'laces' });
    expect(siteWide.hits.map((h) => h.thread.id)).toEqual([ids.laces]);
    expect(siteWide.hits[0]?.thread.board).toBe('laces');
  });

  it('leaves out replies that are not visible', async () => {
    await sql`update posts set status = 'pending' where thread_id = ${ids.returns} and root = false`.execute(
      t.database.db,
    );
    const { hits } = await reader.ok({ type: 'search', query: 'refund', board: 'shoes' });
    expect(hits).toEqual([]);
    await sql`update posts set status = 'visible' where thread_id = ${ids.returns}`.execute(t.database.db);
  });

  it('understands phrases and exclusions, and ignores query syntax it cannot parse', async () => {
    const phrase = await reader.ok({ type: 'search', query: '"express shipping"', board: 'shoes' });
    expect(phrase.hits.map((h) => h.thread.id)).toEqual([ids.express]);
    const without = await reader.ok({ type: 'search', query: 'shipping -express', board: 'shoes' });
    expect(without.hits.map((h) => h.thread.id)).not.toContain(ids.express);
    expect(without.hits.map((h) => h.thread.id)).toContain(ids.shipping);
    const odd = await reader.request({ type: 'search', query: "shipping & | ! ( ' :*", board: 'shoes' });
    expect(odd.ok).toBe(true);
  });

  it('pages through results', async () => {
    const first = await reader.ok({ type: 'search', query: 'shipping', board: 'shoes' });
    expect(first.next).toBeNull();
    const past = await reader.ok({ type: 'search', query: 'shipping', board: 'shoes', offset: 20 });
    expect(past.hits).toEqual([]);
  });

  it('refuses an empty query', async () => {
    const reply = await reader.request({ type: 'search', query: '   ' });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('invalid_message');
  });
});

describe('suggestions while asking', () => {
  it('offers similar questions as the title is typed, answered first with the answer line', async () => {
    const typing = await reader.ok({ type: 'suggest', board: 'shoes', title: 'shipp' });
    expect(typing.suggestions.map((s) => s.thread.id)).toEqual([ids.shipping, ids.express]);
    expect(typing.suggestions[0]?.answer).toBe('Shipping to Germany takes two to three days.');
    expect(typing.suggestions[1]?.answer).toBeNull();
  });

  it('prefers questions sharing every word, then those sharing any', async () => {
    const { suggestions } = await reader.ok({ type: 'suggest', board: 'shoes', title: 'return worn ' });
    expect(suggestions[0]?.thread.id).toBe(ids.returns);
    const any = await reader.ok({ type: 'suggest', board: 'shoes', title: 'berlin return' });
    expect(any.suggestions.map((s) => s.thread.id).sort()).toEqual([ids.returns, ids.shipping].sort());
    expect(any.suggestions[0]?.thread.id).toBe(ids.shipping);
  });

  it('puts an answered question sharing one word before an unanswered one sharing all', async () => {
    const { suggestions } = await reader.ok({ type: 'suggest', board: 'shoes', title: 'express shipping ' });
    expect(suggestions.map((s) => s.thread.id).slice(0, 2)).toEqual([ids.shipping, ids.express]);
  });

  it('only suggests visible questions of the site, at most five', async () => {
    for (let i = 0; i < 6; i++) await ask(asker, 'shoes', `Sizing question number ${i}`, 'Which size?');
    const { suggestions } = await reader.ok({ type: 'suggest', board: 'shoes', title: 'sizing question' });
    expect(suggestions).toHaveLength(5);
    const shipping = await reader.ok({ type: 'suggest', title: 'shipping' });
    const found = shipping.suggestions.map((s) => s.thread.id);
    expect(found).not.toContain(ids.hidden);
    expect(found).not.toContain(ids.chat);
    expect(found).not.toContain(ids.otherSite);
  });

  it('waits for a few characters and ignores punctuation', async () => {
    expect((await reader.ok({ type: 'suggest', board: 'shoes', title: 'sh' })).suggestions).toEqual([]);
    expect((await reader.ok({ type: 'suggest', board: 'shoes', title: '!!! ??? &&&' })).suggestions).toEqual([]);
    expect((await reader.ok({ type: 'suggest', board: 'shoes', title: '' })).suggestions).toEqual([]);
  });
});
