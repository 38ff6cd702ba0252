import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;

beforeAll(async () => {
  t = await startTestApp();
  site = await createTestSite(t.database);
});
afterAll(async () => t?.close());

describe('a board, live', () => {
  it('shows a guest question to another subscriber', async () => {
    const asker = await TestClient.connect(t.wsUrl(site));
    const reader = await TestClient.connect(t.wsUrl(site));
    const snap = await reader.ok({ type: 'subscribe', board: 'b1' });
    expect(snap.mode).toBe('snapshot');
    await asker.ok({ type: 'guest.join', name: 'Robin' });
    const created = await asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'b1',
      kind: 'question',
      title: 'How long is shipping?',
      body: 'To Berlin, please.',
    });
    const [event] = await reader.waitForEvents(1);
    expect(event?.event).toMatchObject({
      kind: 'thread.created',
      thread: { id: created.thread.id, title: 'How long is shipping?' },
    });
    await asker.close();
    await reader.close();
  });
});
