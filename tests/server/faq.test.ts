import type { FaqEntry, ThreadView } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();

let asker: Visitor;
let helper: Visitor;
let staff: Visitor;
const board = freshBoard('faq');

/** Questions of the board, by the role they play in the tests. */
const q: Record<'accepted' | 'staffAnswered' | 'popular' | 'unanswered', ThreadView> = {} as never;
/** What each question received, counted here as the tests act: the ranking is worked out from these. */
const given = new Map<string, { votes: number; meToo: number; views: number }>();

async function acceptedQuestion(title: string): Promise<ThreadView> {
  const { thread } = await ask(asker.client, board, { title });
  const { post } = await answer(helper.client, thread.id, `Answer to ${title}`);
  const { thread: accepted } = await asker.client.ok({
    type: 'thread.accept',
    key: TestClient.key(),
    threadId: thread.id,
    postId: post.id,
  });
  given.set(thread.id, { votes: 0, meToo: 0, views: 0 });
  return accepted;
}

/** The ranking figure as docs/faq-and-badge.md defines it, from what the tests did. */
function expectedHelpfulness(threadId: string): number {
  const g = given.get(threadId);
  if (!g) throw new Error('not a question of these tests');
  return g.votes + g.meToo + Math.floor(g.views / 10);
}

const titles = (entries: FaqEntry[]) => entries.map((e) => e.thread.title);

async function faq(query?: string): Promise<FaqEntry[]> {
  const reader = await app.reader();
  const { entries } = await reader.ok({ type: 'faq', board, ...(query ? { query } : {}) });
  await reader.close();
  return entries;
}

const curate = (
  threadId: string,
  fields: { included?: boolean; position?: number | null; summary?: string | null },
  client = staff.client,
) =>
  client.request({
    type: 'staff.faq.curate',
    key: TestClient.key(),
    threadId,
    included: fields.included ?? true,
    position: fields.position ?? null,
    summary: fields.summary ?? null,
  });

beforeAll(async () => {
  asker = await app.guest('Asker');
  helper = await app.guest('Helper');
  staff = await app.staff();
  q.accepted = await acceptedQuestion('How do I reset the kettle?');
  q.popular = await acceptedQuestion('Does the lid fit the older model?');
  const { thread } = await ask(asker.client, board, { title: 'Which filter does the carafe take?' });
  await answer(staff.client, thread.id, 'The carafe takes the **F2** filter.');
  given.set(thread.id, { votes: 0, meToo: 0, views: 0 });
  q.staffAnswered = thread;
  q.unanswered = (await ask(asker.client, board, { title: 'Is there a travel version?' })).thread;
  await answer(helper.client, q.unanswered.id, 'I would like to know too.');

  // Two votes on the staff-answered question; two "me too" and ten views on the popular one.
  for (const name of ['Voter one', 'Voter two']) {
    const voter = await app.guest(name);
    await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: q.staffAnswered.rootPostId, value: 1 });
    const g = given.get(q.staffAnswered.id);
    if (g) g.votes += 1;
    await voter.client.close();
  }
  for (const name of ['Same here', 'Me as well']) {
    const other = await app.guest(name);
    await other.client.ok({ type: 'thread.follow', key: TestClient.key(), threadId: q.popular.id });
    const g = given.get(q.popular.id);
    if (g) g.meToo += 1;
    await other.client.close();
  }
  const reader = await app.reader();
  for (let i = 0; i < 10; i++) await reader.ok({ type: 'thread.open', threadId: q.popular.id });
  // Reopening at a known post after a reconnect is the same reading: not counted.
  const { posts } = await reader.ok({ type: 'thread.open', threadId: q.popular.id });
  await reader.ok({ type: 'thread.open', threadId: q.popular.id, until: posts.at(-1)?.id ?? q.popular.rootPostId });
  const g = given.get(q.popular.id);
  if (g) g.views += 11;
  await reader.close();
  await app.t.app.services.views?.flush();
});

describe('the FAQ built from answers', () => {
  it('lists accepted and staff answers, ranked by votes, "me too" and views; not unanswered questions', async () => {
    const entries = await faq();
    const expected = [q.accepted, q.popular, q.staffAnswered]
      .map((t) => ({ title: t.title, helpfulness: expectedHelpfulness(t.id) }))
      .sort((a, b) => b.helpfulness - a.helpfulness);
    expect(entries.map((e) => ({ title: e.thread.title, helpfulness: e.helpfulness }))).toEqual(expected);
    expect(titles(entries)).toEqual([q.popular.title, q.staffAnswered.title, q.accepted.title]);
    const popular = entries.find((e) => e.thread.id === q.popular.id);
    expect(popular?.views).toBe(11);
    expect(popular?.answer).toMatchObject({ accepted: true, author: { name: 'Helper' } });
    const staffAnswer = entries.find((e) => e.thread.id === q.staffAnswered.id);
    expect(staffAnswer?.answer.accepted).toBe(false);
    expect(staffAnswer?.answer.author.role).toBe('staff');
    expect(staffAnswer?.answer.html).toContain('<strong>F2</strong>');
  });

  it('is searched with the board search', async () => {
    expect(titles(await faq('filter carafe'))).toEqual([q.staffAnswered.title]);
    expect(titles(await faq('travel version'))).toEqual([]);
  });

  it('takes staff curation: order, a summary, left-out entries; audited; customers refused', async () => {
    await expectRefused(curate(q.accepted.id, { position: 1 }, asker.client), 'forbidden');
    await expectRefused(curate(q.unanswered.id, { position: 1 }), 'not_found');
    await expectRefused(curate(q.accepted.id, { summary: 'x'.repeat(501) }), 'invalid_message');

    const pinned = await curate(q.accepted.id, { position: 1 });
    expect(pinned.ok && pinned.result.entry.position).toBe(1);
    await curate(q.staffAnswered.id, { summary: 'Use the F2 filter. <script>alert(1)</script>' });
    await curate(q.popular.id, { included: false });

    const entries = await faq();
    expect(titles(entries)).toEqual([q.accepted.title, q.staffAnswered.title]);
    expect(entries[1]?.summary).toBe('Use the F2 filter. <script>alert(1)</script>');

    const { entries: all } = await staff.client.ok({ type: 'staff.faq', board });
    expect(all.map((e) => [e.thread.title, e.included])).toEqual([
      [q.accepted.title, true],
      [q.popular.title, false],
      [q.staffAnswered.title, true],
    ]);
    await expectRefused(asker.client.request({ type: 'staff.faq', board }), 'forbidden');

    const { entries: audit } = await staff.client.ok({ type: 'staff.audit' });
    const curated = audit.filter((e) => e.action === 'faq.curate').map((e) => e.target.id);
    expect(curated.sort()).toEqual([q.accepted.id, q.popular.id, q.staffAnswered.id].sort());
    // A refused curation left nothing behind.
    const rows = await app.t.database.db.selectFrom('faq_entries').select('thread_id').execute();
    expect(rows.map((r) => r.thread_id)).not.toContain(q.unanswered.id);
  });

  it('has a server-rendered page with FAQPage JSON-LD and the summary escaped', async () => {
    const response = await fetch(`${app.t.baseUrl}/t/${app.site.public_key}/faq/${board}`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('Use the F2 filter. &#60;script&#62;alert(1)&#60;/script&#62;');
    const json = page.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1];
    if (!json) throw new Error('no JSON-LD on the page');
    const data = JSON.parse(json);
    expect(data['@type']).toBe('FAQPage');
    expect(data.mainEntity.map((m: { name: string }) => m.name)).toEqual([q.accepted.title, q.staffAnswered.title]);
    expect(data.mainEntity[1].acceptedAnswer.text).toBe('Use the F2 filter. <script>alert(1)</script>');
    expect(data.mainEntity[0].acceptedAnswer.text).toBe(`Answer to ${q.accepted.title}`);

    const site = await fetch(`${app.t.baseUrl}/t/${app.site.public_key}/faq`);
    expect(site.status).toBe(200);
    expect(await site.text()).toContain(q.accepted.title);
    expect((await fetch(`${app.t.baseUrl}/t/nosuchsite/faq`)).status).toBe(404);
  });
});
