import { afterEach, describe, expect, it } from 'vitest';
import { decodeSignal, encodeSignal, type PresenceSignal, type Signal } from '../../server/src/fanout/signals.js';
import { StaffPresence } from '../../server/src/live/staff-presence.js';

/** A presence table on a fan-out that only records what it is asked to send. */
function presence() {
  const sent: Signal[] = [];
  const changes: Array<[string, boolean]> = [];
  const table = new StaffPresence({
    nodeId: 'node-a',
    fanout: { publishSignal: (signal) => sent.push(signal) },
    heartbeatMs: 60_000,
    expiryHeartbeats: 3,
    onChange: (siteId, online) => changes.push([siteId, online]),
  });
  table.start();
  return { table, sent, changes };
}

const from = (node: string, seq: number, sites: Array<[string, number]>, ask?: boolean): PresenceSignal => ({
  kind: 'presence',
  node,
  seq,
  ttlMs: 60_000,
  sites,
  ...(ask ? { ask } : {}),
});

let stop: (() => void) | null = null;
afterEach(() => stop?.());

describe('staff presence across nodes', () => {
  it('asks the other nodes on start, and announces each change with a time to live of three heartbeats', () => {
    const { table, sent } = presence();
    stop = () => table.stop();
    expect(sent).toEqual([{ kind: 'presence', node: 'node-a', seq: 1, ttlMs: 180_000, sites: [], ask: true }]);
    table.setLocal('7', 2);
    expect(sent.at(-1)).toMatchObject({ seq: 2, sites: [['7', 2]] });
    table.stop();
    stop = null;
    expect(sent.at(-1)).toMatchObject({ seq: 3, sites: [['7', 0]] });
  });

  it('combines its own count with other nodes’, and ignores an announcement that arrives after a newer one', () => {
    const { table, changes } = presence();
    stop = () => table.stop();
    table.receive(from('node-b', 5, [['7', 0]]));
    table.receive(from('node-b', 4, [['7', 1]]));
    expect(table.isOnline('7')).toBe(false);
    table.receive(from('node-c', 1, [['7', 2]]));
    table.setLocal('7', 1);
    expect(table.total('7')).toBe(3);
    table.receive(from('node-c', 2, [['7', 0]]));
    table.setLocal('7', 0);
    expect(changes).toEqual([
      ['7', true],
      ['7', false],
    ]);
  });

  it('splits a heartbeat of many sites into signals that fit a NOTIFY payload and pass validation', () => {
    const { table, sent } = presence();
    stop = () => table.stop();
    // The longest ids there are: 18 digits.
    for (let site = 1; site <= 450; site++) table.setLocal(`${'9'.repeat(15)}${String(site).padStart(3, '0')}`, 1_000);
    sent.length = 0;
    table.resync();
    expect(sent.map((s) => (s.kind === 'presence' ? s.sites.length : 0))).toEqual([200, 200, 50]);
    for (const signal of sent) {
      const payload = encodeSignal(signal);
      expect(Buffer.byteLength(payload)).toBeLessThan(8000);
      expect(decodeSignal(payload)).toEqual({ ok: true, signal });
    }
  });

  it('answers several asks with one announcement of its counts', async () => {
    const { table, sent } = presence();
    stop = () => table.stop();
    table.setLocal('7', 1);
    sent.length = 0;
    table.receive(from('node-b', 1, [], true));
    table.receive(from('node-c', 1, [], true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([{ kind: 'presence', node: 'node-a', seq: 3, ttlMs: 180_000, sites: [['7', 1]] }]);
  });

  it('refuses malformed signals with a reason', () => {
    for (const payload of ['', '{', '{"kind":"presence"}', '{"kind":"typing","node":"a b"}']) {
      const decoded = decodeSignal(payload);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.reason).not.toBe('');
    }
  });
});
