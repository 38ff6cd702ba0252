/**
 * Answers that go stale across nodes (real Postgres only): a release recorded on one node and a
 * confirmation there reach a widget on the other through the fan-out, and that node's kept first
 * page of the board shows the flag at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { eventMatching, eventOfKind } from '../helpers/actors.js';
import { SINGLE_NODE_REASON, startCluster, type TestCluster } from '../helpers/nodes.js';
import { createTestSite, signSso, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const embedded = testDatabaseKind() === 'embedded';
if (embedded) console.info(`Multi-node release tests ${SINGLE_NODE_REASON}`);

describe.skipIf(embedded)('answers that go stale on two nodes', () => {
  let cluster: TestCluster;
  let site: SiteRow;

  beforeAll(async () => {
    cluster = await startCluster(2);
    site = await createTestSite(cluster.database, { policy: { minComposeSeconds: 0 } });
  });
  afterAll(async () => cluster?.close());

  /** The board's first page as a new visitor on `node` gets it (the node's kept page, when it has one). */
  async function firstPage(node: TestApp, board: string) {
    const reader = await TestClient.connect(node.wsUrl(site));
    const snapshot = await reader.ok({ type: 'subscribe', board });
    await reader.close();
    return snapshot.mode === 'snapshot' ? snapshot.threads : [];
  }

  it('a release and a confirmation on one node reach a widget and the kept page on the other', async () => {
    const [a, b] = cluster.nodes as [TestApp, TestApp];
    const board = 'jackets';
    const asker = await TestClient.connect(a.wsUrl(site));
    await asker.ok({ type: 'guest.join', name: 'Asker' });
    const { thread } = await asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board,
      kind: 'question',
      title: 'Does the jacket run small?',
      body: 'I usually wear a medium.',
    });
    const { post } = await asker.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: 'Yes.' });
    const staff = await TestClient.connect(a.wsUrl(site));
    const claims = { sub: 'agent-1', name: 'Sam from Support', role: 'staff' };
    await staff.ok({ type: 'hello', sso: await signSso(site, claims) });
    await staff.ok({ type: 'staff.thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });

    // Node B keeps the board's first page, answer not stale.
    expect((await firstPage(b, board)).find((t) => t.id === thread.id)?.answerStale).toBe(false);
    const watcher = await TestClient.connect(b.wsUrl(site));
    await watcher.ok({ type: 'subscribe', board });

    await staff.ok({ type: 'staff.release.record', key: TestClient.key(), board, name: 'v2' });
    await eventOfKind(watcher, 'board.released', board);
    expect((await firstPage(b, board)).find((t) => t.id === thread.id)?.answerStale).toBe(true);

    await staff.ok({ type: 'staff.answer.confirm', key: TestClient.key(), threadId: thread.id });
    const confirmed = await eventMatching(
      watcher,
      (m) => m.event.kind === 'thread.updated' && m.event.thread.id === thread.id && !m.event.thread.answerStale,
    );
    expect(confirmed.event).toMatchObject({ thread: { acceptedPostId: post.id, answerStale: false } });
    expect((await firstPage(b, board)).find((t) => t.id === thread.id)?.answerStale).toBe(false);
    await Promise.all([asker.close(), staff.close(), watcher.close()]);
  });
});
