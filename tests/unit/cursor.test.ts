import type { BoardListing, ThreadView } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/domain/domain-error.js';
import { decodeCursor, encodeCursor } from '../../server/src/domain/page-cursor.js';

const SECRET = 'cursor-test-secret';
const ACTIVITY: BoardListing = { sort: 'activity', filter: 'all' };

const position = (pinned: boolean, at: string, id: string, score = 0) =>
  ({ pinned, lastActivityAt: at, createdAt: '2020-01-01T00:00:00.000Z', score, id }) as ThreadView;

/** A payload signed with the right secret: what a cursor of those fields would be if the server wrote it. */
const signed = (fields: unknown) => {
  const genuine = encodeCursor(position(false, '2026-01-01T00:00:00.000Z', '1'), ACTIVITY, SECRET);
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return { forged: `${payload}.${genuine.split('.')[1]}` };
};

function refusal(cursor: string, listing: BoardListing = ACTIVITY): unknown {
  try {
    decodeCursor(cursor, listing, SECRET);
  } catch (error) {
    return error;
  }
  return null;
}

describe('board page cursors', () => {
  it.each([
    [false, '2026-11-23T10:00:00.123Z', '1'],
    [true, '1999-12-31T23:59:59.999Z', '987654321012345678'],
  ])('round-trip pinned=%s at %s id %s', (pinned, at, id) => {
    const cursor = encodeCursor(position(pinned, at, id), ACTIVITY, SECRET);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThanOrEqual(200);
    expect(decodeCursor(cursor, ACTIVITY, SECRET)).toEqual({ pinned, value: new Date(at), id });
  });

  it('carries each sort its own key: creation time for newest, the score for votes', () => {
    const thread = { ...position(false, '2026-01-01T00:00:00.001Z', '5', -3), createdAt: '2025-06-01T00:00:00.002Z' };
    const newest: BoardListing = { sort: 'newest', filter: 'unanswered' };
    const votes: BoardListing = { sort: 'votes', filter: 'questions' };
    expect(decodeCursor(encodeCursor(thread, newest, SECRET), newest, SECRET)).toEqual({
      pinned: false,
      value: new Date('2025-06-01T00:00:00.002Z'),
      id: '5',
    });
    expect(decodeCursor(encodeCursor(thread, votes, SECRET), votes, SECRET)).toEqual({
      pinned: false,
      value: -3,
      id: '5',
    });
  });

  it('refuses a cursor of another order or filter', () => {
    const cursor = encodeCursor(position(false, '2026-01-01T00:00:00.000Z', '7'), ACTIVITY, SECRET);
    for (const other of [
      { sort: 'votes', filter: 'all' },
      { sort: 'activity', filter: 'answered' },
    ] as BoardListing[]) {
      const error = refusal(cursor, other);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'invalid_message', message: expect.stringContaining('another order') });
    }
  });

  it('refuses a cursor signed with another secret, or altered after signing', () => {
    const cursor = encodeCursor(position(false, '2026-01-01T00:00:00.000Z', '7'), ACTIVITY, 'another-secret');
    expect(refusal(cursor)).toMatchObject({ code: 'invalid_message', message: 'after: is not a valid page cursor' });
    const genuine = encodeCursor(position(false, '2026-01-01T00:00:00.000Z', '7'), ACTIVITY, SECRET);
    const [, signature] = genuine.split('.');
    const moved = Buffer.from(JSON.stringify(['activity', 'all', false, '2026-01-01T00:00:00.000Z', '8'])).toString(
      'base64url',
    );
    expect(refusal(`${moved}.${signature}`)).toMatchObject({ code: 'invalid_message' });
  });

  it.each([
    ['an empty string', ''],
    ['no signature', Buffer.from('["activity","all",false,"2026-01-01T00:00:00Z","1"]').toString('base64url')],
    ['characters outside base64url', 'WyJ+Il0=.abc'],
    ['three parts', 'a.b.c'],
    ['an unsigned old-style cursor', Buffer.from('[false,"2026-01-01T00:00:00Z","1"]').toString('base64url')],
    ['a forged JSON object', signed({ pinned: false }).forged],
    ['a forged id with SQL', signed(['activity', 'all', false, '2026-01-01T00:00:00Z', "1' or '1'='1"]).forged],
  ])('refuses %s as invalid_message', (_name, cursor) => {
    const error = refusal(cursor);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_message', message: 'after: is not a valid page cursor' });
  });
});
