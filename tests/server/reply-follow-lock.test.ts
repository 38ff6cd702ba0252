/**
 * A reply never waits for the mail fan-out. The fan-out of an answer marks every follow of the
 * thread unread in one transaction, holding those rows; a follower who replies meanwhile must
 * not queue behind it (while holding the thread, so every other write to it would queue too).
 * Here a transaction of the test holds the replier's follow row the way the fan-out does.
 * Real Postgres only: the embedded one runs one transaction at a time, so any open transaction
 * holds up every other.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { answer, ask, freshBoard, useBoardApp } from '../helpers/actors.js';
import { testDatabaseKind } from '../helpers/test-database.js';

const b = useBoardApp();

it.skipIf(testDatabaseKind() !== 'postgres')(
  'posts a reply while another transaction holds the replier’s follow row',
  async () => {
    const asker = await b.guest();
    const { thread } = await ask(asker.client, freshBoard());
    const staff = await b.staff();
    await answer(staff.client, thread.id, 'First answer: it runs small.');
    await b.t.database.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      try {
        const { rows } = await sql`
          update follows set unread = unread + 1
          where member_id = ${staff.me.id} and thread_id = ${thread.id} returning member_id
        `.execute(conn);
        expect(rows).toHaveLength(1);
        const { post } = await answer(staff.client, thread.id, 'Second answer: order one size up.');
        expect(post.source).toBe('Second answer: order one size up.');
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
  },
);
