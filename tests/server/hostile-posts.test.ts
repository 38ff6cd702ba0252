/**
 * Posts that would show nothing, over real sockets: titles and bodies made of invisible
 * characters, and markdown that renders blank, are refused with `no_visible_content` before
 * anything is written, while the shortest real posts still go through.
 */
import { describe, expect, it } from 'vitest';
import { answer, ask, eventOfKind, expectRefused, flush, freshBoard, useBoardApp } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();

const BLANK_TITLES: [string, string][] = [
  ['zero-width spaces', '\u200B\u200B\u200B'],
  ['Hangul fillers', '\u3164\u3164\u3164'],
  ['Hangul jamo and half-width fillers', '\u115F\u1160\uFFA0'],
  ['blank braille', '\u2800\u2800\u2800'],
  ['combining accents alone', '\u0301\u0301\u0301'],
  ['direction marks', '\u200F\u200E\u200F'],
  ['word joiners around an ideographic space', '\u2060\u3000\u2060'],
];

const BLANK_BODIES: [string, string][] = [
  ['a word joiner and a zero-width space', '\u2060\u200B'],
  ['a Hangul filler', '\u3164'],
  ['blank braille', '\u2800'],
  ['a right-to-left mark', '\u200F'],
  ['a combining accent', '\u0301'],
  ['a horizontal rule', '---'],
  ['an image, which posts do not show', '![cat](https://cdn.example/cat.png)'],
  ['a link without text', '[](https://ok.example)'],
  ['an entity for a zero-width space', '&#x200B;'],
  ['an empty table', '| |\n|-|\n| |'],
  ['a heading of invisible characters', '# \u200B\u3164'],
];

/** Threads and posts on the site, to prove a refusal wrote nothing. */
async function counts() {
  const db = app.t.database.db;
  const [threads, posts, keys] = await Promise.all([
    db.selectFrom('threads').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('posts').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('idempotency_keys').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { threads: Number(threads.n), posts: Number(posts.n), keys: Number(keys.n) };
}

describe('posts that would show nothing', () => {
  it('refuses the reported thread (title of zero-width spaces, body of a word joiner), writing and broadcasting nothing', async () => {
    const board = freshBoard('blank');
    const author = await app.guest('Blank Poster');
    const reader = await app.reader();
    await reader.ok({ type: 'subscribe', board });
    const before = await counts();
    const key = TestClient.key();
    const error = await expectRefused(
      author.client.request({
        type: 'thread.create',
        key,
        board,
        kind: 'question',
        title: '\u200B\u200B\u200B',
        body: '\u2060\u200B',
      }),
      'no_visible_content',
    );
    expect(error.message).toMatch(/blank/);
    await flush(reader);
    expect(reader.events).toEqual([]);
    expect(await counts()).toEqual(before);
    // The key was not used up: the same request with real words goes through.
    const fixed = await author.client.ok({
      type: 'thread.create',
      key,
      board,
      kind: 'question',
      title: 'Now with words',
      body: 'And a body.',
    });
    expect(fixed.thread.title).toBe('Now with words');
    await author.client.close();
    await reader.close();
  });

  it.each(BLANK_TITLES)('refuses a thread titled with %s', async (_what, title) => {
    const author = await app.guest('Title Tester');
    const before = await counts();
    await expectRefused(
      author.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board: freshBoard('blank'),
        kind: 'discussion',
        title,
        body: 'A body people can read.',
      }),
      'no_visible_content',
    );
    expect(await counts()).toEqual(before);
    await author.client.close();
  });

  it.each(BLANK_BODIES)('refuses a thread, a reply and an edit whose body is %s', async (_what, body) => {
    const author = await app.guest('Body Tester');
    const board = freshBoard('blank');
    const { thread, post } = await ask(author.client, board, { title: 'A real question?', body: 'A real body.' });
    const before = await counts();
    await expectRefused(
      author.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'question',
        title: 'Real title',
        body,
      }),
      'no_visible_content',
    );
    await expectRefused(
      author.client.request({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body }),
      'no_visible_content',
    );
    await expectRefused(
      author.client.request({ type: 'post.edit', key: TestClient.key(), postId: post.id, body }),
      'no_visible_content',
    );
    expect(await counts()).toEqual(before);
    const stored = await app.t.database.db
      .selectFrom('posts')
      .select('source')
      .where('id', '=', post.id)
      .executeTakeFirst();
    expect(stored?.source).toBe('A real body.');
    await author.client.close();
  });

  it('refuses an edit that blanks the title of a question', async () => {
    const author = await app.guest('Title Editor');
    const { post } = await ask(author.client, freshBoard('blank'), { title: 'Visible title', body: 'Visible body' });
    await expectRefused(
      author.client.request({
        type: 'post.edit',
        key: TestClient.key(),
        postId: post.id,
        title: '\u3164\u3164\u3164',
        body: 'Visible body',
      }),
      'no_visible_content',
    );
    await author.client.close();
  });

  it.each([
    ['the shortest title and a one-character body', 'Hi?', '.'],
    ['an emoji body', 'Thumbs up', '👍'],
    ['Japanese', '防水ですか', 'はい、防水です。'],
    ['Arabic with a combining mark on a letter', 'هل هو مقاوم للماء؟', 'نعم، مقاومٌ.'],
    ['a word under a rule', 'Rule and word', '---\n\nok'],
    ['a bare link', 'Link only', 'https://ok.example/manual'],
    ['a code block with one character', 'Code', '```\nx\n```'],
    ['visible text with zero-width characters inside', 'Zero\u200Bwidth', 'a\u200Bb'],
  ])('accepts a post with %s', async (_what, title, body) => {
    const author = await app.guest('Good Poster');
    const { thread } = await ask(author.client, freshBoard('fine'), { title, body });
    expect(thread.title).toBe(title);
    const { post } = await answer(author.client, thread.id, body);
    expect(post.html.length).toBeGreaterThan(0);
    await author.client.close();
  });
});

describe('links in posts', () => {
  it('keeps absolute https and mailto links and shows relative and http links as text, on every page', async () => {
    const author = await app.guest('Link Poster');
    const board = freshBoard('links');
    const reader = await app.reader();
    await reader.ok({ type: 'subscribe', board });
    const body = [
      '[account](/account/delete)',
      '[top](#top)',
      '[login](//evil.example/login)',
      '[old shop](http://shop.example)',
      '[help](https://help.example/returns)',
      '[mail](mailto:help@shop.example)',
    ].join(' ');
    const { thread, post } = await ask(author.client, board, { title: 'Where are the links?', body });
    const hrefs = (html: string) => [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]);
    const expected = ['https://help.example/returns', 'mailto:help@shop.example'];
    expect(hrefs(post.html)).toEqual(expected);
    expect(post.html).toContain('account');
    expect(post.html).toContain('old shop');
    // The author's answer can arrive before the reader's event is sent: wait for the event itself.
    const event = await eventOfKind(reader, 'thread.created', board);
    expect(hrefs(event.event.post.html)).toEqual(expected);
    const view = await reader.ok({ type: 'thread.open', threadId: thread.id });
    expect(view.posts.map((p) => hrefs(p.html))).toEqual([expected]);
    await author.client.close();
    await reader.close();
  });
});
