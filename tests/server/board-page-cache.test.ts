import type { ResultMap, ThreadPage } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { DELETED_MEMBER_NAME } from '../../server/src/domain/privacy/erase-member.js';
import { answer, ask, connectGuest, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { SINGLE_NODE_REASON, startCluster, type TestCluster } from '../helpers/nodes.js';
import { createTestSite, type SsoClaims, signSso, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

/**
 * The server's clock never moves here, so a kept first page never expires: every change these
 * tests see on the next read reached the cache by being dropped, not by its safety-net TTL.
 */
const FIXED_NOW = () => new Date('2026-11-23T09:00:00.000Z');

async function firstPage(node: Pick<TestApp, 'baseUrl'>, site: Pick<SiteRow, 'public_key'>, board: string) {
  const res = await getJson<ThreadPage>(`${node.baseUrl}/api/boards/${board}/threads?site=${site.public_key}`);
  expect(res.status).toBe(200);
  return res.body;
}

/** Signs in through the site's SSO with a token issued at the server's clock. */
async function signIn(node: Pick<TestApp, 'wsUrl'>, site: SiteRow, claims: SsoClaims): Promise<Visitor> {
  const client = await TestClient.connect(node.wsUrl(site));
  const { me } = await client.ok({ type: 'hello', sso: await signSso(site, claims, { now: FIXED_NOW() }) });
  if (!me) throw new Error('the SSO token was not accepted');
  return { client, me, guestToken: null };
}

const staffOf = (node: Pick<TestApp, 'wsUrl'>, site: SiteRow, sub: string) =>
  signIn(node, site, { sub, name: `Staff ${sub}`, role: 'staff' });

/** A thread's first page over HTTP, with its status (404 once the public may not read it). */
const threadPage = (node: Pick<TestApp, 'baseUrl'>, site: Pick<SiteRow, 'public_key'>, threadId: string) =>
  getJson<Pick<ResultMap['thread.open'], 'thread' | 'posts' | 'next'>>(
    `${node.baseUrl}/api/threads/${threadId}?site=${site.public_key}`,
  );

async function threadFirstPage(node: Pick<TestApp, 'baseUrl'>, site: Pick<SiteRow, 'public_key'>, threadId: string) {
  const res = await threadPage(node, site, threadId);
  expect(res.status).toBe(200);
  return res.body;
}

const postBodies = (page: { posts: { source: string }[] }) => page.posts.map((p) => p.source);
const titles = (page: ThreadPage) => page.threads.map((t) => t.title);
const authors = (page: ThreadPage) => page.threads.map((t) => t.author.name);

describe('the board first page kept on a node', () => {
  const app = useBoardApp({ live: { now: FIXED_NOW } });
  const read = (board: string) => firstPage(app.t, app.site, board);

  it("is served from memory until the board changes: a write behind Booth's back shows only after the next board event", async () => {
    const board = freshBoard();
    const writer = await app.guest('Kept Writer');
    const { thread } = await ask(writer.client, board, { title: 'Kept question' });
    expect(titles(await read(board))).toEqual(['Kept question']);
    // Not a use case: no board event, no "listing changed"; the kept page does not see it.
    await app.t.database.db
      .updateTable('threads')
      .set({ title: 'Changed in the database' })
      .where('id', '=', thread.id)
      .execute();
    expect(titles(await read(board))).toEqual(['Kept question']);
    await answer(writer.client, thread.id, 'A reply is a board event.');
    const after = await read(board);
    expect(titles(after)).toEqual(['Changed in the database']);
    expect(after.threads[0]?.replyCount).toBe(1);
  });

  it('shows a new thread, a vote and a hidden thread on the next read, while staff still open the hidden thread', async () => {
    const board = freshBoard();
    const writer = await app.guest('Busy Writer');
    const { thread: first, post: firstPost } = await ask(writer.client, board, { title: 'First' });
    expect(titles(await read(board))).toEqual(['First']);
    const { thread: second } = await ask(writer.client, board, { title: 'Second' });
    expect(titles(await read(board))).toEqual(['Second', 'First']);

    const voter = await app.guest('Voter');
    await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: firstPost.id, value: 1 });
    expect((await read(board)).threads.find((t) => t.id === first.id)?.score).toBe(1);

    const staff = await staffOf(app.t, app.site, 'cache-staff');
    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: second.id, action: 'hide' });
    expect(titles(await read(board))).toEqual(['First']);
    const opened = await staff.client.ok({ type: 'staff.thread.open', threadId: second.id });
    expect(opened.thread.status).toBe('hidden');
  });

  it("shows a guest's new name, a signed-in member's new name and role, and an erased member's name gone, on the next read", async () => {
    const board = freshBoard();
    const guest = await app.guest('Old Guest Name');
    await ask(guest.client, board, { title: 'By the guest' });
    const member = await signIn(app.t, app.site, { sub: 'cache-member', name: 'Old Member Name' });
    await ask(member.client, board, { title: 'By the member' });
    expect(authors(await read(board))).toEqual(['Old Member Name', 'Old Guest Name']);

    await guest.client.ok({ type: 'guest.rename', key: TestClient.key(), name: 'New Guest Name' });
    expect(authors(await read(board))).toEqual(['Old Member Name', 'New Guest Name']);

    // The brand's sign-in carries the new name and a staff role: listings show both at once.
    await signIn(app.t, app.site, { sub: 'cache-member', name: 'New Member Name', role: 'staff' });
    const renamed = await read(board);
    expect(authors(renamed)).toEqual(['New Member Name', 'New Guest Name']);
    expect(renamed.threads[0]?.author.role).toBe('staff');

    const moderator = await staffOf(app.t, app.site, 'cache-moderator');
    await moderator.client.ok({ type: 'staff.member.erase', key: TestClient.key(), memberId: guest.me.id });
    const erased = await read(board);
    expect(authors(erased)).not.toContain('New Guest Name');
    expect(authors(erased).every((name) => name === 'New Member Name' || name === DELETED_MEMBER_NAME)).toBe(true);
  });
});

const embedded = testDatabaseKind() === 'embedded';
if (embedded) console.info(`Board page cache across nodes ${SINGLE_NODE_REASON}`);

describe.skipIf(embedded)('the board and thread first pages kept on two nodes', () => {
  let cluster: TestCluster;
  let site: SiteRow;

  beforeAll(async () => {
    cluster = await startCluster(2, { live: { now: FIXED_NOW } });
    site = await createTestSite(cluster.database, { guestsAllowed: true });
  });
  afterAll(async () => cluster?.close());

  it("drops the other node's page on a board event, a rename and an erasure", async () => {
    const [a, b] = cluster.nodes as [TestApp, TestApp];
    const board = freshBoard();
    const guest = await connectGuest(a, site, 'Cross Node Guest');
    const { thread } = await ask(guest.client, board, { title: 'Asked on node A' });
    // Node B keeps the page it read.
    await vi.waitFor(async () => expect(titles(await firstPage(b, site, board))).toEqual(['Asked on node A']));

    await answer(guest.client, thread.id, 'Reply on node A');
    await vi.waitFor(async () => expect((await firstPage(b, site, board)).threads[0]?.replyCount).toBe(1), 5000);

    await guest.client.ok({ type: 'guest.rename', key: TestClient.key(), name: 'Renamed On A' });
    expect(authors(await firstPage(a, site, board))).toEqual(['Renamed On A']);
    await vi.waitFor(async () => expect(authors(await firstPage(b, site, board))).toEqual(['Renamed On A']), 5000);

    const moderator = await staffOf(a, site, 'cross-node-moderator');
    await moderator.client.ok({ type: 'staff.member.erase', key: TestClient.key(), memberId: guest.me.id });
    await vi.waitFor(async () => expect(authors(await firstPage(b, site, board))).not.toContain('Renamed On A'), 5000);
  });

  it("drops the other node's thread page on a reply, a rename and a hidden thread", async () => {
    const [a, b] = cluster.nodes as [TestApp, TestApp];
    const guest = await connectGuest(a, site, 'Cross Node Reader');
    const { thread } = await ask(guest.client, freshBoard(), {
      title: 'Thread asked on node A',
      body: 'Which one is warmer?',
    });
    // Node B keeps the page it read.
    await vi.waitFor(async () =>
      expect((await threadFirstPage(b, site, thread.id)).thread.title).toBe('Thread asked on node A'),
    );

    await answer(guest.client, thread.id, 'Reply on node A');
    await vi.waitFor(
      async () => expect(postBodies(await threadFirstPage(b, site, thread.id))).toContain('Reply on node A'),
      5000,
    );

    await guest.client.ok({ type: 'guest.rename', key: TestClient.key(), name: 'Reader Renamed On A' });
    await vi.waitFor(
      async () => expect((await threadFirstPage(b, site, thread.id)).thread.author.name).toBe('Reader Renamed On A'),
      5000,
    );

    const staff = await staffOf(a, site, 'cross-node-thread-staff');
    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action: 'hide' });
    await vi.waitFor(async () => expect((await threadPage(b, site, thread.id)).status).toBe(404), 5000);
  });
});
