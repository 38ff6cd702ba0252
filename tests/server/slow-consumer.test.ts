import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { liftWriteLimits } from '../helpers/live-load.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** A small bound, so a few dozen large events pass it once the kernel's socket buffers are full. */
const BOUND = 256 * 1024;
/** Posts near the 32,000-character limit make event frames of about 64 KB. */
const BIG_BODY = 'All about the product, in detail. '.repeat(900);

let t: TestApp;
let site: SiteRow;

beforeAll(async () => {
  t = await startTestApp({ ws: { maxBufferedBytes: BOUND, frameBurst: 5000, framesPerSecond: 5000 } });
  site = await createTestSite(t.database);
  await liftWriteLimits(t.database, site);
});
afterAll(async () => t?.close());

describe('a client that stops reading', () => {
  it('is cut off with a reason once its send buffer passes the bound, while others keep receiving', async () => {
    const board = 'firehose';
    const slow = await TestClient.connect(t.wsUrl(site));
    await slow.ok({ type: 'subscribe', board });
    const healthy = await TestClient.connect(t.wsUrl(site));
    await healthy.ok({ type: 'subscribe', board });
    const writer = await TestClient.connect(t.wsUrl(site));
    await writer.ok({ type: 'guest.join', name: 'Firehose' });
    slow.socket.pause();

    // Unsent bytes the node holds for its sockets, sampled after every write.
    let mostBuffered = 0;
    let largestFrame = 0;
    let written = 0;
    const write = async () => {
      await writer.ok({
        type: 'thread.create',
        key: TestClient.key(),
        board,
        kind: 'discussion',
        title: `Long read ${written}`,
        body: `${written} ${BIG_BODY}`,
      });
      written += 1;
      for (const session of t.app.sessions) mostBuffered = Math.max(mostBuffered, session.socket.bufferedAmount);
    };
    while (t.app.metrics.slowConsumers === 0) {
      if (written >= 600) throw new Error('the slow consumer was never cut off');
      await write();
    }
    // Reading again, the client finds the goodbye and the close reason after the frames it had.
    slow.socket.resume();
    await slow.closed();
    expect(slow.closeInfo).toEqual({ code: 1013, reason: 'slow consumer: reconnect and resume' });
    expect(slow.received.at(-1)).toMatchObject({ type: 'bye', reason: 'slow_consumer' });

    // The others go on; memory held for the cut socket never grew past the bound by more than a frame or two.
    for (let i = 0; i < 10; i++) await write();
    await healthy.waitForEvents(written, 20_000);
    expect(healthy.events.map((e) => e.seq)).toEqual(Array.from({ length: written }, (_, i) => i + 1));
    for (const e of healthy.events) largestFrame = Math.max(largestFrame, JSON.stringify(e).length);
    expect(mostBuffered).toBeLessThanOrEqual(BOUND + 2 * largestFrame);
    expect(t.app.metrics.slowConsumers).toBe(1);
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^booth_ws_slow_consumers_total 1$/m);
    await healthy.close();
    await writer.close();
  }, 120_000);
});
