import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PREPARED_MARK as MARK, prepareMarkedStatements } from '../../server/src/db/prepared-statements.js';

/** A client that records what it is asked to run. */
function recordingClient() {
  const calls: unknown[][] = [];
  const client = { query: (...args: unknown[]) => calls.push(args) } as unknown as pg.PoolClient;
  prepareMarkedStatements(client);
  return { client, calls };
}

describe('prepareMarkedStatements', () => {
  it('runs a marked statement under one name per text, and anything else as it came', async () => {
    const { client, calls } = recordingClient();
    const a = `select 1 where $1 ${MARK}`;
    const b = `select 2 where $1 ${MARK}`;
    await client.query(a, [1]);
    await client.query(b, [2]);
    await client.query(a, [3]);
    await client.query('select $1', [4]);
    await client.query('begin');
    expect(calls).toEqual([
      [{ name: 'booth_0', text: a, values: [1] }],
      [{ name: 'booth_1', text: b, values: [2] }],
      [{ name: 'booth_0', text: a, values: [3] }],
      ['select $1', [4]],
      ['begin'],
    ]);
  });

  it('keeps at most 100 statements per connection and runs further texts unprepared', async () => {
    const { client, calls } = recordingClient();
    for (let i = 0; i <= 100; i++) await client.query(`select ${i} where $1 ${MARK}`, [i]);
    expect(calls[99]).toEqual([{ name: 'booth_99', text: `select 99 where $1 ${MARK}`, values: [99] }]);
    expect(calls[100]).toEqual([`select 100 where $1 ${MARK}`, [100]]);
  });
});
