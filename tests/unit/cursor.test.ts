import type { ThreadView } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/domain/domain-error.js';
import { decodeCursor, encodeCursor } from '../../server/src/domain/threads.js';

const position = (pinned: boolean, lastActivityAt: string, id: string) =>
  ({ pinned, lastActivityAt, id }) as Pick<ThreadView, 'pinned' | 'lastActivityAt' | 'id'> as ThreadView;

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('board page cursors', () => {
  it.each([
    [false, '2026-11-23T10:00:00.123Z', '1'],
    [true, '1999-12-31T23:59:59.999Z', '987654321012345678'],
  ])('round-trip pinned=%s at %s id %s', (pinned, at, id) => {
    const cursor = encodeCursor(position(pinned, at, id));
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThanOrEqual(200);
    expect(decodeCursor(cursor)).toEqual({ pinned, lastActivityAt: new Date(at), id });
  });

  it('keeps millisecond precision', () => {
    const decoded = decodeCursor(encodeCursor(position(false, '2026-01-01T00:00:00.001Z', '5')));
    expect(decoded.lastActivityAt.getTime()).toBe(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
  });

  it.each([
    ['an empty string', ''],
    ['characters outside base64url', 'WyJ+Il0='],
    ['base64 that is not JSON', Buffer.from('not json').toString('base64url')],
    ['a JSON object', raw({ pinned: false, at: '2026-01-01T00:00:00Z', id: '1' })],
    ['JSON null', raw(null)],
    ['a string pinned flag', raw(['false', '2026-01-01T00:00:00Z', '1'])],
    ['a bad date', raw([false, 'yesterday', '1'])],
    ['a numeric id', raw([false, '2026-01-01T00:00:00Z', 1])],
    ['a zero id', raw([false, '2026-01-01T00:00:00Z', '0'])],
    ['an id with SQL', raw([false, '2026-01-01T00:00:00Z', "1' or '1'='1"])],
    ['a too long id', raw([false, '2026-01-01T00:00:00Z', '1'.repeat(19)])],
    ['too few parts', raw([false])],
  ])('refuses %s as invalid_message', (_name, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'invalid_message', message: 'after: is not a valid page cursor' });
  });
});
