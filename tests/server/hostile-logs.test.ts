/**
 * What hostile clients leave in the log: errors any client can cause are logged at warn, without
 * a stack trace, and `/metrics` is kept from the public by a token or a port of its own.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SiteRow } from '../../server/src/db/database.js';
import { createOpenSite } from '../helpers/actors.js';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
  [key: string]: unknown;
}

const WARN = 40;
const ERROR = 50;

describe('errors clients cause', () => {
  let t: TestApp;
  let site: SiteRow;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { LOG_LEVEL: 'info' },
      logStream: { write: (line) => void lines.push(JSON.parse(line) as LogLine) },
    });
    site = await createOpenSite(t.database);
  });
  afterAll(async () => t?.close());

  /** Sends one frame on a fresh socket and waits for the server to close it. */
  function closedBy(frame: string | Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(t.wsUrl(site), { origin: TEST_ORIGIN });
      socket.on('open', () => socket.send(frame, { binary: false }));
      socket.on('close', (code) => resolve(code));
      socket.on('error', reject);
    });
  }

  /** Writes raw bytes to the HTTP port and resolves with the status line of the answer. */
  function rawHttp(request: string): Promise<string> {
    const { port } = new URL(t.baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });
  }

  /** Log lines written while `cause` ran, once a later request has gone round. */
  async function logged(cause: () => Promise<unknown>): Promise<LogLine[]> {
    const from = lines.length;
    await cause();
    const client = await TestClient.connect(t.wsUrl(site));
    await client.ok({ type: 'ping' });
    await client.close();
    return lines.slice(from);
  }

  const expectWarnWithoutStack = (found: LogLine[], message: RegExp) => {
    expect(found.filter((l) => l.level >= ERROR)).toEqual([]);
    expect(JSON.stringify(found)).not.toMatch(/"stack"|\\n\s+at /);
    expect(found.some((l) => l.level === WARN && message.test(l.msg))).toBe(true);
  };

  it('logs a frame that is not UTF-8 at warn, without a stack, and closes with 1007', async () => {
    let code = 0;
    const found = await logged(async () => {
      code = await closedBy(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    });
    expect(code).toBe(1007);
    expectWarnWithoutStack(found, /socket error from the client/);
  });

  it('logs a frame over the size limit at warn, without a stack, and closes with 1009', async () => {
    let code = 0;
    const found = await logged(async () => {
      code = await closedBy('x'.repeat(300_000));
    });
    expect(code).toBe(1009);
    expectWarnWithoutStack(found, /socket error from the client/);
  });

  it('logs a malformed request line at warn, without a stack', async () => {
    let status = '';
    const found = await logged(async () => {
      status = await rawHttp('GET /t/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(found.filter((l) => l.level >= ERROR)).toEqual([]);
    expect(JSON.stringify(found)).not.toMatch(/"stack"/);
  });

  it('logs nothing at warn or above for a well-behaved client', async () => {
    const found = await logged(async () => {
      const client = await TestClient.connect(t.wsUrl(site));
      await client.ok({ type: 'guest.join', name: 'Polite Pat' });
      await client.close();
    });
    expect(found.filter((l) => l.level >= WARN)).toEqual([]);
  });
});

describe('/metrics', () => {
  const TOKEN = 'scrape-token-0123456789abcdef';

  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    const t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
    try {
      const anonymous = await fetch(`${t.baseUrl}/metrics`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.text()).not.toMatch(/booth_ws_connections/);
      const wrong = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
      expect(wrong.status).toBe(401);
      const scraper = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(scraper.status).toBe(200);
      expect(await scraper.text()).toMatch(/booth_ws_connections/);
    } finally {
      await t.close();
    }
  });

  it('is served only on its own port when METRICS_PORT is set, with the token if one is set too', async () => {
    const t = await startTestApp({ env: { METRICS_PORT: '0', METRICS_TOKEN: TOKEN } });
    try {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
      const address = t.app.metricsAddress();
      if (!address) throw new Error('the metrics port is not listening');
      expect(address.address).toBe('127.0.0.1');
      const url = `http://127.0.0.1:${address.port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const scraper = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(scraper.status).toBe(200);
      expect(await scraper.text()).toMatch(/booth_ws_connections/);
      expect((await fetch(`http://127.0.0.1:${address.port}/healthz`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('stays open on the main port when neither is set, as before', async () => {
    const t = await startTestApp();
    try {
      expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
