/**
 * A rolling deploy: a node of the previous release (its source from git, run as it ran, by tsx)
 * is serving when a node of this release starts on the same database and migrates it. Both must
 * serve side by side — the old node writes and reads on the new schema, and each node's
 * customers see the other's posts live — because migrations only expand (migrations/README.md).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { answer, ask, connectGuest, connectMember, eventOfKind } from '../helpers/actors.js';
import { SINGLE_NODE_REASON } from '../helpers/nodes.js';
import {
  checkOutPreviousRelease,
  PREVIOUS_RELEASE,
  previousReleaseUnavailable,
  type ReleaseCheckout,
} from '../helpers/previous-release.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind, testDatabaseUrl } from '../helpers/test-database.js';

const skipReason =
  testDatabaseKind() === 'embedded'
    ? `${SINGLE_NODE_REASON}; a rolling deploy runs two nodes on one PostgreSQL`
    : previousReleaseUnavailable();
if (skipReason) console.log(`previous-release test skipped: ${skipReason}`);

/** A database of its own on the test server: the old release knows no schema option, so it works in `public`. */
async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(skipReason !== null)(
  `a node of the previous release (${PREVIOUS_RELEASE}) during a rolling deploy`,
  () => {
    const name = `booth_previous_${randomBytes(4).toString('hex')}`;
    let url: string;
    let release: ReleaseCheckout;
    let old: ServerProcess;
    let current: TestApp;
    let database: OpenDatabase;
    let site: SiteRow;

    beforeAll(async () => {
      await withAdmin((admin) => admin.query(`create database ${pg.escapeIdentifier(name)}`));
      const parsed = new URL(testDatabaseUrl());
      parsed.pathname = `/${name}`;
      url = parsed.toString();
      release = checkOutPreviousRelease();
      // The old node starts first and migrates the database to its own schema, as it did in production.
      old = await startServerProcess({
        command: release.tsx,
        args: ['src/main.ts'],
        cwd: release.serverDir,
        env: { DATABASE_URL: url },
      });
      // Then a node of this release starts on the same database, which migrates it to the new schema.
      database = await openDatabase({ url, dataDir: null, poolSize: 5 });
      current = await startTestApp({ database });
      site = await createTestSite(database);
      await relaxLimits(database, site.id);
    }, 240_000);

    afterAll(async () => {
      await current?.close();
      await database?.close();
      await old?.stop();
      release?.dispose();
      await withAdmin((admin) => admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`));
    });

    it('serves hello, subscribe and posts on the new schema, live across both versions', async () => {
      const onOld = await connectGuest(old, site, 'Olga Oldnode');
      const onNew = await connectMember(current, site, { sub: 'cust-new', name: 'Nina Newnode' });
      await onOld.client.ok({ type: 'subscribe', board: 'rolling' });
      await onNew.client.ok({ type: 'subscribe', board: 'rolling' });

      const { thread } = await ask(onOld.client, 'rolling', { title: 'Asked on the old node' });
      expect((await eventOfKind(onNew.client, 'thread.created', 'rolling')).event.thread.id).toBe(thread.id);

      const reply = await answer(onNew.client, thread.id, 'Answered on the new node.');
      const seen = await eventOfKind(onOld.client, 'post.created', 'rolling');
      expect(seen.event.post.id).toBe(reply.post.id);

      const opened = await onOld.client.ok({ type: 'thread.open', threadId: thread.id });
      expect(opened.posts.map((p) => p.id)).toContain(reply.post.id);
      await onOld.client.close();
      await onNew.client.close();
    });

    it('leaves the new node ready with every check passing', async () => {
      const response = await fetch(`${current.baseUrl}/readyz`);
      expect(await response.json()).toMatchObject({ ready: true });
    });
  },
);
