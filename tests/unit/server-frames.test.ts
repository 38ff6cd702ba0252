import { parseServerFrame } from '@booth/shared';
import { describe, expect, it } from 'vitest';

const frame = (value: unknown) => parseServerFrame(JSON.stringify(value));

describe('server frame validation', () => {
  it('accepts every frame type of the protocol', () => {
    expect(frame({ type: 'result', id: 'r1', result: { now: '2026-11-24T12:00:00.000Z' } })).not.toBeNull();
    expect(frame({ type: 'error', id: null, error: { code: 'bad_json', message: 'no' } })).not.toBeNull();
    expect(
      frame({ type: 'error', id: 'r2', error: { code: 'rate_limited', message: 'x', retryAfterMs: 10 } }),
    ).not.toBeNull();
    expect(
      frame({
        type: 'event',
        board: 'b',
        seq: 1,
        event: { kind: 'vote.changed', postId: '1', threadId: '2', score: 0 },
      }),
    ).not.toBeNull();
    expect(
      frame({
        type: 'batch',
        frames: [
          { type: 'event', board: 'b', seq: 1, event: { kind: 'thread.removed', threadId: '1' } },
          { type: 'event', board: 'b', seq: 2, event: { kind: 'vote.changed', postId: '1', threadId: '2', score: 1 } },
        ],
      }),
    ).not.toBeNull();
    expect(frame({ type: 'resync', board: 'b' })).not.toBeNull();
    expect(frame({ type: 'presence', staffOnline: true })).not.toBeNull();
    expect(frame({ type: 'typing', board: 'b', threadId: '3' })).not.toBeNull();
    expect(frame({ type: 'bye', reason: 'shutdown', message: 'Restarting.' })).not.toBeNull();
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '42'],
    ['an unknown type', JSON.stringify({ type: 'surprise' })],
    ['a type that is a property every object has', JSON.stringify({ type: 'toString', result: 1 })],
    ['a result without id', JSON.stringify({ type: 'result', result: 1 })],
    ['a result with an empty id', JSON.stringify({ type: 'result', id: '', result: 1 })],
    [
      'a wait that is not a number',
      JSON.stringify({ type: 'error', id: 'r1', error: { code: 'rate_limited', message: 'x', retryAfterMs: '9' } }),
    ],
    [
      'a notice count that is not whole',
      JSON.stringify({ type: 'notices', threads: [{ threadId: '1', board: 'b', title: 't', unread: 1.5 }] }),
    ],
    ['an unknown error code', JSON.stringify({ type: 'error', id: 'r1', error: { code: 'nope', message: 'x' } })],
    [
      'a negative seq',
      JSON.stringify({ type: 'event', board: 'b', seq: -1, event: { kind: 'thread.removed', threadId: '1' } }),
    ],
    ['an unknown event kind', JSON.stringify({ type: 'event', board: 'b', seq: 1, event: { kind: 'board.burned' } })],
    [
      'an event without its fields',
      JSON.stringify({ type: 'event', board: 'b', seq: 1, event: { kind: 'post.created' } }),
    ],
    [
      'a batch with one bad event',
      JSON.stringify({
        type: 'batch',
        frames: [
          { type: 'event', board: 'b', seq: 1, event: { kind: 'thread.removed', threadId: '1' } },
          { type: 'event', board: 'b', seq: 2, event: { kind: 'post.created' } },
        ],
      }),
    ],
    [
      'a batch of something other than events',
      JSON.stringify({ type: 'batch', frames: [{ type: 'presence', staffOnline: true }] }),
    ],
    ['an unknown bye reason', JSON.stringify({ type: 'bye', reason: 'tired', message: 'x' })],
  ])('rejects %s', (_label, raw) => {
    expect(parseServerFrame(raw)).toBeNull();
  });
});
