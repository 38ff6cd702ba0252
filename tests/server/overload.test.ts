/**
 * A node sheds load the way Fastify users expect (@fastify/under-pressure): while its event loop
 * lags past the limit, and past its socket cap, new HTTP requests and WebSocket upgrades get 503
 * with `Retry-After`, and the sockets it already holds keep being served. The lag is made for
 * real, by blocking this process's event loop on every turn until the test lets go.
 */
import type { ErrorBody } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { connectGuest, createOpenSite } from '../helpers/actors.js';
import { getJson, tryUpgrade } from '../helpers/http-client.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { isEvent, TestClient } from '../helpers/ws-client.js';

/** Keeps the event loop busy for `busyMs` on every turn until stopped: a node that cannot keep up. */
function lagTheEventLoop(busyMs: number): () => void {
  let running = true;
  const turn = () => {
    if (!running) return;
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      // Busy on purpose.
    }
    setTimeout(turn, 0);
  };
  setTimeout(turn, 0);
  return () => {
    running = false;
  };
}

/** Repeats `probe` until it gives `wanted` (each try is a real round trip to the node). */
async function until<T>(probe: () => Promise<T>, wanted: (value: T) => boolean, tries = 200): Promise<T> {
  let value = await probe();
  for (let i = 1; i < tries && !wanted(value); i++) {
    await new Promise((resolve) => setImmediate(resolve));
    value = await probe();
  }
  return value;
}

/** Runs `connect` until the node lets it in: a busy test machine can put the node under pressure by itself. */
async function whenServed<T>(connect: () => Promise<T>, tries = 50): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await connect();
    } catch (error) {
      if (i >= tries || !/503/.test(String(error))) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

function expectBusy(refusal: { status: number; headers: Record<string, unknown>; body: unknown }) {
  expect(refusal.status).toBe(503);
  expect(Number(refusal.headers['retry-after'])).toBe(5);
  const error = (refusal.body as { error: ErrorBody }).error;
  expect(error).toMatchObject({ code: 'unavailable', retryAfterMs: 5000 });
  expect(error.message).toMatch(/busy\. Please try again in 5 s/);
}

describe('under event-loop lag', () => {
  let t: TestApp;
  let site: SiteRow;

  beforeAll(async () => {
    // The limit sits well above the lag of a busy test machine and well below the lag made here.
    t = await startTestApp({ env: { MAX_EVENT_LOOP_DELAY_MS: '150' }, overload: { sampleIntervalMs: 100 } });
    site = await createOpenSite(t.database);
  });
  afterAll(async () => t?.close());

  it('answers new requests and upgrades with 503 and Retry-After, and keeps serving open sockets', async () => {
    const board = 'busy-day';
    // Start from a node that is not under pressure (the machine may be busy with other work).
    await until(
      () => getJson(`${t.baseUrl}/readyz`),
      (r) => r.status === 200,
    );
    const reader = await whenServed(() => connectGuest(t, site, 'Early Reader'));
    await reader.client.ok({ type: 'subscribe', board });
    const writer = await whenServed(() => connectGuest(t, site, 'Early Writer'));
    const api = `${t.baseUrl}/api/boards/${board}/threads?site=${site.public_key}`;
    expect(
      (
        await until(
          () => getJson(api),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);

    const stop = lagTheEventLoop(250);
    try {
      const refused = await until(
        () => getJson(api),
        (r) => r.status === 503,
      );
      expectBusy(refused);
      expectBusy(await tryUpgrade(t.wsUrl(site), 'https://brand.example'));
      // A busy node is still alive, and its metrics say why.
      expect((await getJson(`${t.baseUrl}/healthz`)).status).toBe(200);
      const metrics = await fetch(`${t.baseUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^booth_shed_total [1-9]/m);
      // The balancer's readiness probe is shed too, which takes the node out of rotation.
      expect((await getJson(`${t.baseUrl}/readyz`)).status).toBe(503);

      // Sockets already open keep being served: a question asked now reaches the reader live.
      // (Sent by hand to wait longer than the helper does: every turn of the loop is slow now.)
      writer.client.socket.send(
        JSON.stringify({
          type: 'thread.create',
          id: 'asked-while-busy',
          key: TestClient.key(),
          board,
          kind: 'question',
          title: 'Asked while the node is busy',
          body: 'Does it still get through?',
        }),
      );
      const reply = await writer.client.reply('asked-while-busy', 25_000);
      expect(reply.type).toBe('result');
      const { thread } = (reply as { result: { thread: { id: string } } }).result;
      const event = await reader.client.waitFor(isEvent('thread.created'), 25_000);
      expect(event).toMatchObject({ board });
      expect(JSON.stringify(event)).toContain(thread.id);
      // The node was under pressure the whole time.
      expect(t.app.isUnderPressure()).toBe(true);
    } finally {
      stop();
    }

    // Once the lag is gone, the node serves new clients again by itself.
    expect(
      (
        await until(
          () => getJson(api),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);
    expect((await tryUpgrade(t.wsUrl(site), 'https://brand.example')).status).toBe(101);
    for (const v of [reader, writer]) await v.client.close();
  });
});

describe('at the socket cap', () => {
  let t: TestApp;
  let site: SiteRow;

  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_SOCKETS: '2' } });
    site = await createOpenSite(t.database);
  });
  afterAll(async () => t?.close());

  it('refuses a third upgrade with 503 and a retry hint, serves the two it holds, and takes one again when a socket closes', async () => {
    const first = await connectGuest(t, site, 'First In');
    const second = await connectGuest(t, site, 'Second In');
    expectBusy(await tryUpgrade(t.wsUrl(site), 'https://brand.example'));
    // HTTP is not capped by sockets.
    expect((await getJson(`${t.baseUrl}/api/boards/b/threads?site=${site.public_key}`)).status).toBe(200);
    await first.client.ok({ type: 'subscribe', board: 'full-house' });
    await second.client.ok({ type: 'subscribe', board: 'full-house' });

    await first.client.close();
    // The server forgets a socket when its close arrives; a later upgrade is let in.
    const third = await until(
      () => tryUpgrade(t.wsUrl(site), 'https://brand.example'),
      (r) => r.status === 101,
    );
    expect(third.status).toBe(101);
    await second.client.close();
  });
});
