import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/live-load.js';
import { createTestSite, startTestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

describe('graceful shutdown', () => {
  it('answers what was asked, says goodbye with 1001, drains, and stops accepting', async () => {
    const t = await startTestApp();
    const site = await createTestSite(t.database);
    const reader = await TestClient.connect(t.wsUrl(site));
    await reader.ok({ type: 'subscribe', board: 'closing' });
    const writer = await TestClient.connect(t.wsUrl(site));
    await writer.ok({ type: 'guest.join', name: 'Last Word' });

    // A write has reached the node when it is told to stop: it gets its reply before the goodbye.
    const received = t.app.metrics.framesIn;
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
    await eventually('the write to reach the node', () => t.app.metrics.framesIn > received);
    await t.close();

    for (const client of [reader, writer]) {
      await eventually('the socket to close', () => client.closeInfo !== null);
      expect(client.closeInfo?.code).toBe(1001);
      expect(client.received.at(-1)).toMatchObject({ type: 'bye', reason: 'shutdown' });
    }
    const reply = writer.received.findIndex((m) => m.type === 'result' && m.id === 'last');
    expect(reply).toBeGreaterThanOrEqual(0);
    expect(reply).toBeLessThan(writer.received.length - 1);

    await expect(TestClient.connect(t.wsUrl(site))).rejects.toThrow();
    await expect(fetch(`${t.baseUrl}/healthz`)).rejects.toThrow();
  });
});
