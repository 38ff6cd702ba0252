/**
 * `booth backup` and `booth restore` on the embedded database, run as an operator runs them (the
 * `booth` bin on the build): a site with threads, replies, votes, a report, a webhook, staff with
 * passwords and sessions, a guest and an SSO member is backed up, restored into an empty folder,
 * and comes back row for row — and in use: staff sign in, the old session and guest token work.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/src/db/connect.js';
import type { Database, SiteRow } from '../../server/src/db/database.js';
import { listWebhooks } from '../../server/src/db/webhooks.queries.js';
import { addWebhook } from '../../server/src/domain/webhooks/webhooks.js';
import { answer, ask, connectGuest, connectMember, reconnectGuest } from '../helpers/actors.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { runToEnd } from '../helpers/server-process.js';
import { addStaff, signIn } from '../helpers/staff-session.js';
import { createTestSite, startTestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url));
const BOARD = 'backed-up';

/** Every row of every table outside the system schemas (Booth's and the job queue's), in a stable order. */
async function everyRow(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
    order by 1`.execute(db);
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ row: unknown }>`select to_jsonb(t) as row from ${sql.raw(name)} t`.execute(db);
    out[name] = rows.map((r) => JSON.stringify(r.row)).sort();
  }
  return out;
}

const booth = (args: string[], dataDir: string) =>
  runToEnd({ command: `${SERVER_DIR}bin/booth.js`, args, cwd: SERVER_DIR, env: { BOOTH_DATA_DIR: dataDir } });

describe.skipIf(testDatabaseKind() !== 'embedded')('booth backup and restore (embedded database)', () => {
  const work = mkdtempSync(join(tmpdir(), 'booth-backup-'));
  const original = join(work, 'original');
  const restored = join(work, 'restored');
  const archive = join(work, 'booth.backup.tar.gz');
  let before: Record<string, string[]>;
  let site: SiteRow;
  let staff: { email: string; password: string; cookie: string };
  let guestToken: string;
  let threadId: string;
  let database: OpenDatabase | undefined;

  beforeAll(async () => {
    database = await openDatabase({ url: null, dataDir: original });
    const t = await startTestApp({ database });
    site = await createTestSite(database);
    await relaxLimits(database, site.id);
    await addWebhook(database.db, site.id, 'https://hooks.brand.example/booth');
    const account = await addStaff(t, site, 'owner', 'Olive Owner');
    staff = { ...account, cookie: (await signIn(t, account.email, account.password)).cookie };
    const member = await connectMember(t, site, { sub: 'cust-1', name: 'Robin Shopper' });
    const guest = await connectGuest(t, site, 'Gus Guest');
    guestToken = guest.guestToken as string;
    const { thread, post } = await ask(member.client, BOARD, { title: 'Will this survive a restore?' });
    threadId = thread.id;
    const reply = await answer(guest.client, thread.id, 'It should, with every vote.');
    await member.client.ok({ type: 'vote', key: TestClient.key(), postId: reply.post.id, value: 1 });
    await guest.client.ok({ type: 'post.report', key: TestClient.key(), postId: post.id, reason: 'Testing reports' });
    await member.client.close();
    await guest.client.close();
    await t.close();

    // While the database is open, a backup is refused rather than copying a live folder.
    await expect(booth(['backup', archive], original)).rejects.toThrow(/in use: stop Booth first/);
    before = await everyRow(database.db);
    await database.close();
    database = undefined;
  }, 300_000);

  afterAll(async () => {
    await database?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up into one file and restores it into an empty folder, row for row', async () => {
    expect(await booth(['backup', archive], original)).toMatch(/Backed up .* MiB/);
    expect(await booth(['restore', archive], restored)).toMatch(/Restored/);
    database = await openDatabase({ url: null, dataDir: restored });
    const after = await everyRow(database.db);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of ['public.threads', 'public.posts', 'public.votes', 'public.reports', 'public.webhooks']) {
      expect(before[table]?.length, table).toBeGreaterThan(0);
    }
    expect(after).toEqual(before);
  }, 180_000);

  it('serves the restored site: staff sign in, the old session and guest token still work', async () => {
    if (!database) throw new Error('the restore did not open');
    const t = await startTestApp({ database });
    try {
      await signIn(t, staff.email, staff.password);
      const session = await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie: staff.cookie } });
      expect(session.status).toBe(200);
      const guest = await reconnectGuest(t, site, guestToken);
      expect(guest.me.name).toBe('Gus Guest');
      const opened = await guest.client.ok({ type: 'thread.open', threadId });
      expect(opened.thread.title).toBe('Will this survive a restore?');
      expect(opened.posts.map((p) => p.score)).toContain(1);
      expect((await listWebhooks(database.db, site.id)).map((w) => w.url)).toEqual([
        'https://hooks.brand.example/booth',
      ]);
      await guest.client.close();
    } finally {
      await t.close();
    }
  }, 120_000);

  it('refuses to restore over data, or from something that is not a backup', async () => {
    await expect(booth(['restore', archive], restored)).rejects.toThrow(/is not empty/);
    const bogus = join(work, 'not-a-backup.tar.gz');
    writeFileSync(bogus, 'not a backup at all');
    const target = join(work, 'bogus-target');
    await expect(booth(['restore', bogus], target)).rejects.toThrow(/Could not restore/);
  }, 120_000);
});
