import { describe, expect, it } from 'vitest';
import { nextFrameRead, openedSince } from '../helpers/node-sessions.js';
import { refusesConnections, startRequest } from '../helpers/request-in-flight.js';
import { createTestSite, startTestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

describe('graceful shutdown', () => {
  it('answers what was asked, says goodbye with 1001, drains, and stops accepting', async () => {
    const t = await startTestApp();
    const site = await createTestSite(t.database);
    const reader = await TestClient.connect(t.wsUrl(site));
    await reader.ok({ type: 'subscribe', board: 'closing' });
    const earlier = new Set(t.app.sessions);
    const writer = await TestClient.connect(t.wsUrl(site));
    const writerSession = openedSince(t, earlier);
    await writer.ok({ type: 'guest.join', name: 'Last Word' });

    // A write has reached the node when it is told to stop: it gets its reply before the goodbye.
    const read = nextFrameRead(writerSession);
    writer.sendRaw(
      JSON.stringify({
        type: 'thread.create',
        id: 'last',
        key: TestClient.key(),
        board: 'closing',
        kind: 'question',
        title: 'Still there?',
        body: 'One more question.',
      }),
    );
    await read;
    await t.close();

    for (const client of [reader, writer]) {
      await client.closed();
      expect(client.closeInfo?.code).toBe(1001);
      expect(client.received.at(-1)).toMatchObject({ type: 'bye', reason: 'shutdown' });
    }
    const reply = writer.received.findIndex((m) => m.type === 'result' && m.id === 'last');
    expect(reply).toBeGreaterThanOrEqual(0);
    expect(reply).toBeLessThan(writer.received.length - 1);

    await expect(TestClient.connect(t.wsUrl(site))).rejects.toThrow();
    await expect(fetch(`${t.baseUrl}/healthz`)).rejects.toThrow();
  });

  it('answers /readyz with 503 while it drains, and takes no new connection', async () => {
    const t = await startTestApp();
    const site = await createTestSite(t.database);
    const ready = await startRequest(t.baseUrl, '/readyz');
    expect((await ready.finish()).status).toBe(200);
    const reader = await TestClient.connect(t.wsUrl(site));
    await reader.ok({ type: 'subscribe', board: 'draining' });

    // A load balancer's health check is on the wire when the node is told to stop.
    const check = await startRequest(t.baseUrl, '/readyz');
    const closed = t.close();
    await reader.seen((m) => m.type === 'bye');
    // The node is out both ways a balancer looks: a new connection is refused, and the check it
    // had already begun is answered 503 with the connection closed after it.
    expect(await refusesConnections(t.baseUrl)).toBe(true);
    const answer = await check.finish();
    expect({ status: answer.status, connection: answer.headers.connection }).toEqual({
      status: 503,
      connection: 'close',
    });
    await closed;
  });
});
