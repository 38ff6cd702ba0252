import { CLOSE_CODES, type ErrorMessage, LIMITS, type ServerMessage } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { flush, useBoardApp } from '../helpers/actors.js';
import type { TestClient } from '../helpers/ws-client.js';

// The default frame rate limits, so the rate-limit test meets the real ones. Every case here
// sends invalid frames on one socket; the cut-off after many is tested in hostile-sockets.test.ts.
const app = useBoardApp({ ws: { badFrameLimit: 100_000 } });

const isError = (m: ServerMessage): m is ErrorMessage => m.type === 'error';

/** Sends a raw frame and returns the next error reply. */
async function errorFor(client: TestClient, frame: string | Buffer): Promise<ErrorMessage> {
  const pending = client.waitFor(isError);
  client.sendRaw(frame);
  return pending;
}

/** The socket still answers requests after whatever came before. */
async function expectStillServing(client: TestClient) {
  expect(client.closeInfo).toBeNull();
  await flush(client);
  expect((await client.ok({ type: 'subscribe', board: 'still-here' })).board).toBe('still-here');
}

describe('a frame the server cannot use', () => {
  it.each([
    ['text that is not JSON', 'hello there'],
    ['truncated JSON', '{"type":"ping","id":"r1"'],
    ['JSON with a trailing comma', '{"type":"ping","id":"r1",}'],
    ['an empty frame', ''],
  ])('gets bad_json for %s, without an id', async (_name, frame) => {
    const client = await app.reader();
    expect(await errorFor(client, frame)).toEqual({
      type: 'error',
      id: null,
      error: { code: 'bad_json', message: expect.any(String) },
    });
    await expectStillServing(client);
  });

  it.each(['null', '[1,2]', '"ping"', '{}', '{"id":"r7"}'])('gets invalid_message for %s', async (frame) => {
    const client = await app.reader();
    const reply = await errorFor(client, frame);
    expect(reply).toMatchObject({ id: frame.includes('r7') ? 'r7' : null, error: { code: 'invalid_message' } });
    await expectStillServing(client);
  });

  it('gets unknown_type for a type the server does not know, with the id echoed', async () => {
    const client = await app.reader();
    expect(await errorFor(client, JSON.stringify({ type: 'thread.explode', id: 'req-1' }))).toEqual({
      type: 'error',
      id: 'req-1',
      error: { code: 'unknown_type', message: expect.any(String) },
    });
    await expectStillServing(client);
  });

  it.each([
    ['a missing field', { type: 'thread.open', id: 'req-2' }, 'threadId'],
    ['an extra field', { type: 'ping', id: 'req-2', admin: true }, 'admin'],
    ['a wrong type', { type: 'subscribe', id: 'req-2', board: 42 }, 'board'],
    ['a bad id', { type: 'thread.open', id: 'req-2', threadId: '1; drop table threads' }, 'threadId'],
    ['a lone surrogate', { type: 'guest.join', id: 'req-2', name: 'Robin \ud800' }, 'name'],
    ['a control character', { type: 'guest.join', id: 'req-2', name: 'Robin\u0007' }, 'name'],
    ['a name too short', { type: 'guest.rename', id: 'req-2', key: 'key_00000001', name: ' R ' }, 'name'],
    ['a write without its key', { type: 'guest.rename', id: 'req-2', name: 'Robin' }, 'key'],
    [
      'a title over the limit',
      {
        type: 'thread.create',
        id: 'req-2',
        key: 'key_00000001',
        board: 'b',
        kind: 'question',
        title: 't'.repeat(LIMITS.titleChars + 1),
        body: 'b',
      },
      'title',
    ],
  ])('gets invalid_message naming the field for %s, with the id echoed', async (_name, message, field) => {
    const client = await app.reader();
    const reply = await errorFor(client, JSON.stringify(message));
    expect(reply).toMatchObject({ type: 'error', id: 'req-2', error: { code: 'invalid_message' } });
    expect(reply.error.message.startsWith(`${field}:`), reply.error.message).toBe(true);
    await expectStillServing(client);
  });

  it('gets invalid_message for a binary frame', async () => {
    const client = await app.reader();
    const reply = await errorFor(client, Buffer.from(JSON.stringify({ type: 'ping', id: 'bin-1' })));
    expect(reply).toMatchObject({ id: null, error: { code: 'invalid_message' } });
    await expectStillServing(client);
  });

  it('is closed with 1007 when a text frame is not UTF-8', async () => {
    const client = await app.reader();
    client.socket.send(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), { binary: false });
    await client.closed();
    expect(client.closeInfo?.code).toBe(1007);
  });

  it('gets too_large for a frame over the protocol limit but under the socket cap', async () => {
    const client = await app.reader();
    const big = JSON.stringify({ type: 'ping', id: 'big-1', pad: 'x'.repeat(LIMITS.frameBytes) });
    expect(await errorFor(client, big)).toEqual({
      type: 'error',
      id: null,
      error: { code: 'too_large', message: expect.any(String) },
    });
    await expectStillServing(client);
  });

  it('gets too_large for multi-byte text over the limit in bytes', async () => {
    const client = await app.reader();
    const wide = JSON.stringify({ type: 'guest.join', id: 'wide-1', name: '寸'.repeat(30_000) });
    expect(wide.length).toBeLessThan(LIMITS.frameBytes);
    expect((await errorFor(client, wide)).error.code).toBe('too_large');
    await expectStillServing(client);
  });

  it('is closed with 1009 when a frame is over the socket cap', async () => {
    const client = await app.reader();
    client.sendRaw(JSON.stringify({ type: 'ping', id: 'huge', pad: 'x'.repeat(LIMITS.frameBytes * 4 + 1) }));
    await client.closed();
    expect(client.closeInfo?.code).toBe(CLOSE_CODES.tooLarge);
    const fresh = await app.reader();
    await flush(fresh);
  });

  it('answers every bad frame in a burst in order, then serves the next request', async () => {
    const client = await app.reader();
    const frames = ['{', JSON.stringify({ type: 'nope', id: 'a' }), JSON.stringify({ type: 'ping', id: 'b', x: 1 })];
    for (const frame of frames) client.sendRaw(frame);
    const { now } = await client.ok({ type: 'ping' });
    expect(now).toEqual(expect.any(String));
    const errors = client.received.filter(isError);
    expect(errors.map((e) => [e.id, e.error.code])).toEqual([
      [null, 'bad_json'],
      ['a', 'unknown_type'],
      ['b', 'invalid_message'],
    ]);
  });

  it('never leaks a stack trace or internal detail', async () => {
    const client = await app.reader();
    for (const frame of ['{', '[]', JSON.stringify({ type: 'thread.open', id: 'x', threadId: '999999999' })]) {
      client.sendRaw(frame);
    }
    await flush(client);
    for (const error of client.received.filter(isError)) {
      expect(error.error.message).not.toMatch(/at .*\.ts|Error:|select |SQL|stack/i);
    }
  });
});

describe('frame rate limits', () => {
  it('refuse frames beyond the burst with rate_limited and the echoed id, and recover', async () => {
    const client = await app.reader();
    const count = 60;
    for (let i = 0; i < count; i++) client.sendRaw(JSON.stringify({ type: 'ping', id: `p${i}` }));
    await client.until(`${count} replies`, () => client.received.length >= count);
    expect(client.received.length).toBe(count);
    const limited = client.received.filter(isError);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.length).toBeLessThan(count);
    for (const error of limited) {
      expect(error.error.code).toBe('rate_limited');
      expect(error.id).toMatch(/^p\d+$/);
      expect(error.error.retryAfterMs).toBeGreaterThan(0);
    }
    const wait = Math.max(...limited.map((e) => e.error.retryAfterMs ?? 0));
    await new Promise((resolve) => setTimeout(resolve, wait));
    await flush(client);
  });
});
