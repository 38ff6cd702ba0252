import { CLOSE_CODES, type ServerMessage } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import ar from '../../server/src/i18n/ar.js';
import en from '../../server/src/i18n/en.js';
import { connectGuest, connectMember, freshBoard, UNLIMITED_FRAMES, useBoardApp } from '../helpers/actors.js';
import { forgotten, openedSince } from '../helpers/node-sessions.js';
import { frameStart, openRawSocket } from '../helpers/raw-socket.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

// Hostile-input suite: sockets that hold on without speaking, too many sockets, broken frames
// and board names by the hundred. Limits are made small through the app's options, and every
// test waits for a fact (a close with its code, a ping from the server), never for a time.

/** Resolves once the server has pinged this client `count` more times (the client answers each). */
function pings(client: TestClient, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onPing = () => {
      if (++seen < count) return;
      client.socket.off('ping', onPing);
      resolve();
    };
    client.socket.on('ping', onPing);
  });
}

/** The bye the server sent before closing, if any. */
const byeOf = (client: TestClient) =>
  client.received.find((m): m is Extract<ServerMessage, { type: 'bye' }> => m.type === 'bye');

describe('heartbeat', () => {
  const app = useBoardApp({ ws: { ...UNLIMITED_FRAMES, pingIntervalMs: 40 } });

  it('keeps a socket that answers pings open across many of them', async () => {
    const reader = await app.reader();
    await pings(reader, 5);
    expect(reader.closeInfo).toBeNull();
    await reader.ok({ type: 'ping' });
    await reader.close();
  });

  it('drops a socket that never answers a ping', async () => {
    const earlier = new Set(app.t.app.sessions);
    const silent = await openRawSocket(app.t.wsUrl(app.site));
    const session = openedSince(app.t, earlier);
    await silent.ended;
    // Pinged (opcode 0x89) before it was dropped.
    expect(silent.received().includes(0x89)).toBe(true);
    await forgotten(app.t, session);
    expect(app.t.app.sessions.size).toBe(earlier.size);
  });

  it('drops a socket that stops halfway through a frame', async () => {
    const earlier = new Set(app.t.app.sessions);
    const stuck = await openRawSocket(app.t.wsUrl(app.site));
    const session = openedSince(app.t, earlier);
    stuck.socket.write(frameStart(100, '{"type":"ping","id":"half'));
    await stuck.ended;
    await forgotten(app.t, session);
    expect(app.t.app.sessions.size).toBe(earlier.size);
  });
});

describe('first request', () => {
  const app = useBoardApp({ ws: { ...UNLIMITED_FRAMES, firstRequestTimeoutMs: 150 } });

  it('closes a socket that sends nothing after opening, with the timeout code; one that said hello stays', async () => {
    const good = await app.reader();
    await good.ok({ type: 'hello' });
    const idle = await app.reader();
    const { code, reason } = await idle.closed();
    expect(code).toBe(CLOSE_CODES.timeout);
    expect(reason).toMatch(/no request/);
    expect(byeOf(idle)?.reason).toBe('timeout');
    // The idle socket opened after the good one and has been closed for its silence: the good one
    // has been open longer than the timeout, and still is.
    expect(good.closeInfo).toBeNull();
    await good.ok({ type: 'ping' });
    await good.close();
  });

  it("says goodbye in the socket's language", async () => {
    const arabic = await TestClient.connect(`${app.t.wsUrl(app.site)}&lang=ar`);
    const english = await app.reader();
    await Promise.all([arabic.closed(), english.closed()]);
    expect(byeOf(arabic)).toMatchObject({ reason: 'timeout', message: ar['bye.timeout'] });
    expect(byeOf(english)).toMatchObject({ reason: 'timeout', message: en['bye.timeout'] });
  });

  it('does not count an invalid frame as the first request', async () => {
    const idle = await app.reader();
    idle.sendRaw('not json');
    expect((await idle.closed()).code).toBe(CLOSE_CODES.timeout);
  });
});

describe('caps on open sockets', () => {
  const app = useBoardApp({ ws: { ...UNLIMITED_FRAMES, maxSocketsPerNetwork: 4, maxSocketsPerMember: 3 } });
  const from = (address: string) =>
    TestClient.connect(app.t.wsUrl(app.site), undefined, { 'x-forwarded-for': address });

  it('lets a network open up to its cap, turns the next socket away with "busy", and admits again after one closes', async () => {
    const earlier = new Set(app.t.app.sessions);
    const first = await from('198.51.100.7');
    const firstSession = openedSince(app.t, earlier);
    const sockets = [first, ...(await Promise.all(['198.51.100.7', '198.51.100.7', '198.51.100.7'].map(from)))];
    // The good user at the cap: every socket is served.
    for (const socket of sockets) await socket.ok({ type: 'hello' });
    const extra = await from('198.51.100.7');
    const { code } = await extra.closed();
    expect(code).toBe(CLOSE_CODES.busy);
    expect(byeOf(extra)).toMatchObject({ reason: 'busy' });
    // Another network is not affected.
    const neighbour = await from('198.51.100.8');
    await neighbour.ok({ type: 'hello' });
    await first.close();
    await forgotten(app.t, firstSession);
    const again = await from('198.51.100.7');
    await again.ok({ type: 'hello' });
    await Promise.all([...sockets, neighbour, again].map((s) => s.close()));
  });

  it('counts an IPv6 /64 as one network', async () => {
    const addresses = ['2001:db8:5:6::1', '2001:db8:5:6::2', '2001:db8:5:6:aaaa::3', '2001:db8:5:6:ffff::4'];
    const sockets = await Promise.all(addresses.map(from));
    for (const socket of sockets) await socket.ok({ type: 'ping' });
    const sameNetwork = await from('2001:db8:5:6:1234::5');
    expect((await sameNetwork.closed()).code).toBe(CLOSE_CODES.busy);
    const otherNetwork = await from('2001:db8:5:7::1');
    await otherNetwork.ok({ type: 'ping' });
    await Promise.all([...sockets, otherNetwork].map((s) => s.close()));
  });

  it('lets a member sign in on up to their cap of sockets and cuts off the next with a reason', async () => {
    const earlier = new Set(app.t.app.sessions);
    const tabs = [await connectMember(app.t, app.site, { sub: 'many-tabs', name: 'Tab Keeper' })];
    const firstTab = openedSince(app.t, earlier);
    for (let n = 1; n < 3; n++)
      tabs.push(await connectMember(app.t, app.site, { sub: 'many-tabs', name: 'Tab Keeper' }));
    for (const tab of tabs) await tab.client.ok({ type: 'ping' });
    const extra = await TestClient.connect(app.t.wsUrl(app.site));
    extra.sendRaw(
      JSON.stringify({
        type: 'hello',
        id: 'h1',
        sso: await signSso(app.site, { sub: 'many-tabs', name: 'Tab Keeper' }),
      }),
    );
    const { code, reason } = await extra.closed();
    expect(code).toBe(CLOSE_CODES.policy);
    expect(reason).toMatch(/too many sockets/);
    expect(byeOf(extra)?.message).toMatch(/Too many open connections/);
    // Nothing was answered to the refused hello: the socket never acted as the member.
    expect(extra.received.some((m) => m.type === 'result')).toBe(false);
    // The member's other sockets and other people are unaffected.
    await tabs[0]?.client.ok({ type: 'ping' });
    const other = await connectGuest(app.t, app.site, 'Someone Else');
    await other.client.close();
    // A tab that closes frees its place.
    await tabs[0]?.client.close();
    await forgotten(app.t, firstTab);
    const replacement = await connectMember(app.t, app.site, { sub: 'many-tabs', name: 'Tab Keeper' });
    await replacement.client.ok({ type: 'ping' });
    await Promise.all([...tabs.slice(1).map((t) => t.client), replacement.client].map((c) => c.close()));
  });
});

describe('invalid frames', () => {
  const app = useBoardApp({ ws: { ...UNLIMITED_FRAMES, badFrameLimit: 5 } });
  const bad = ['not json', '{"type":"nope","id":"x"}', '{"type":"ping"}', '[]', '{"type":"vote","id":"v"}'];

  it('answers the good user just under the limit of invalid frames and keeps the socket open', async () => {
    const client = await app.reader();
    for (const frame of bad) client.sendRaw(frame);
    await client.ok({ type: 'ping' });
    expect(client.received.filter((m) => m.type === 'error')).toHaveLength(5);
    expect(client.closeInfo).toBeNull();
    await client.close();
  });

  it('closes a socket after the limit of invalid frames with the policy code and a reason', async () => {
    const client = await app.reader();
    for (let n = 0; n < 140; n++) client.sendRaw(n % 2 ? 'not json' : Buffer.from([1, 2, 3]));
    const { code, reason } = await client.closed();
    expect(code).toBe(CLOSE_CODES.policy);
    expect(reason).toMatch(/invalid messages/);
    expect(byeOf(client)).toMatchObject({ reason: 'policy' });
    // Each invalid frame up to the limit got its typed error; none after.
    expect(client.received.filter((m) => m.type === 'error')).toHaveLength(5);
  });
});

describe('boards per socket', () => {
  const app = useBoardApp({ ws: { ...UNLIMITED_FRAMES, maxBoardsPerSocket: 10 } });

  async function boardCount(): Promise<number> {
    const row = await app.t.database.db
      .selectFrom('boards')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('site_id', '=', app.site.id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('lets one socket follow up to its cap of boards, and the same board again', async () => {
    const client = await app.reader();
    const prefix = freshBoard('fine');
    for (let n = 0; n < 10; n++) await client.ok({ type: 'subscribe', board: `${prefix}-${n}` });
    await client.ok({ type: 'subscribe', board: `${prefix}-0` });
    expect(client.closeInfo).toBeNull();
    await client.close();
  });

  it('cuts off a socket without hello subscribing to 400 names at the cap, having created no more boards than the cap', async () => {
    const before = await boardCount();
    const client = await app.reader();
    const prefix = freshBoard('flood');
    for (let n = 0; n < 400; n++)
      client.sendRaw(JSON.stringify({ type: 'subscribe', id: `s${n}`, board: `${prefix}-${n}` }));
    const { code, reason } = await client.closed();
    expect(code).toBe(CLOSE_CODES.policy);
    expect(reason).toMatch(/too many boards/);
    expect(await boardCount()).toBeLessThanOrEqual(before + 10);
  });
});
