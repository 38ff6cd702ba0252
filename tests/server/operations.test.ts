import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { eventually } from '../helpers/live-load.js';
import { createTestSite, startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
/** Every line the node logged, as written. */
const logLines: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { LOG_LEVEL: 'debug' }, logStream: { write: (line) => void logLines.push(line) } });
  site = await createTestSite(t.database);
});
afterAll(async () => t?.close());

/** The value of an unlabelled sample (or a labelled one, given its full name with labels). */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no sample ${name}`);
  return Number(line.slice(name.length + 1));
}

describe('operations endpoints', () => {
  it('answers /healthz and /readyz with the checks', async () => {
    const health = await fetch(`${t.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: true, migrations: true, fanout: true } });
  });

  it('exposes Prometheus metrics for sockets, subscriptions, frames, writes and fan-out', async () => {
    const reader = await TestClient.connect(t.wsUrl(site));
    await reader.ok({ type: 'subscribe', board: 'metrics' });
    const writer = await TestClient.connect(t.wsUrl(site));
    await writer.ok({ type: 'guest.join', name: 'Metrics' });
    await writer.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'metrics',
      kind: 'question',
      title: 'Is it measured?',
      body: 'Asking for a dashboard.',
    });
    await reader.waitForEvents(1);

    const response = await fetch(`${t.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(sample(text, 'booth_ws_connections')).toBe(2);
    expect(sample(text, 'booth_ws_subscriptions')).toBe(1);
    expect(sample(text, 'booth_ws_messages_in_total')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'booth_ws_messages_out_total')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'booth_write_duration_seconds_count{type="thread.create"}')).toBe(1);
    expect(sample(text, 'booth_fanout_lag_seconds_count')).toBe(1);
    expect(sample(text, 'booth_fanout_connected')).toBe(1);
    expect(sample(text, 'booth_ws_slow_consumers_total')).toBe(0);
    expect(text).toContain('process_resident_memory_bytes');
    await reader.close();
    await writer.close();
  });

  it('logs JSON lines that carry the request id, on HTTP and on WebSocket sessions', async () => {
    const response = await fetch(`${t.baseUrl}/api/boards/nowhere/threads?site=${site.public_key}`, {
      headers: { 'x-request-id': 'lb-42', origin: TEST_ORIGIN },
    });
    expect(response.headers.get('x-request-id')).toBe('lb-42');
    const generated = await fetch(`${t.baseUrl}/healthz`, { headers: { 'x-request-id': 'not a valid id!' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const client = await TestClient.connect(t.wsUrl(site));
    await client.close();
    await eventually('the socket close to be logged', () => logLines.some((l) => l.includes('socket closed')));

    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((e) => e.reqId === 'lb-42').map((e) => e.msg)).toContain('request completed');
    const opened = entries.find((e) => e.msg === 'socket opened');
    const closed = entries.find((e) => e.msg === 'socket closed');
    expect(opened?.reqId).toEqual(expect.any(String));
    expect(closed?.reqId).toBe(opened?.reqId);
    for (const entry of entries) expect(entry).toMatchObject({ level: expect.any(Number), time: expect.any(Number) });
  });
});
