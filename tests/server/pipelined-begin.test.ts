import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/test-database.js';

// Transactions send their `begin` together with their first statement (see pipelineBegin): they
// must still be transactions, on the embedded Postgres and on a real one.
describe('transactions with their begin sent along with the first statement', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
    await sql`create table pipelined (n int primary key)`.execute(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const stored = async () =>
    (await sql<{ n: number }>`select n from pipelined order by n`.execute(database.db)).rows.map((r) => r.n);

  it('keeps what a transaction stored once it commits, and nothing of one that fails', async () => {
    await database.db.transaction().execute(async (tx) => {
      await sql`insert into pipelined values (1)`.execute(tx);
      await sql`insert into pipelined values (2)`.execute(tx);
    });
    await expect(
      database.db.transaction().execute(async (tx) => {
        await sql`insert into pipelined values (3)`.execute(tx);
        await sql`insert into pipelined values (1)`.execute(tx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual([1, 2]);
  });

  it('runs the first statement inside the transaction: what it takes is held until the commit', async () => {
    const ids = await database.db.transaction().execute(async (tx) => {
      const first = await sql<{ id: string | null }>`select txid_current()::text as id`.execute(tx);
      const second = await sql<{ id: string | null }>`select txid_current_if_assigned()::text as id`.execute(tx);
      return [first.rows[0]?.id, second.rows[0]?.id];
    });
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);
  });
});
