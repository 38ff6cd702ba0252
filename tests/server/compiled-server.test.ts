import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { ask, connectGuest, eventOfKind } from '../helpers/actors.js';
import { processDatabaseEnv, runToEnd, type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';
import { freshSchemaName, openTestDatabase } from '../helpers/test-database.js';
import { widgetModulePath } from '../helpers/widget-files.js';

const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url));
const BUILT = ['dist/main.js', 'dist/booth.js'].map((file) => `${SERVER_DIR}${file}`);

// The production build, run by plain `node` as docs/operations.md says: the `booth` bin creates a
// site, then `node dist/main.js` serves it. `pnpm test` builds before it runs the suite.
describe('the compiled server', () => {
  const schema = freshSchemaName();
  const storage = processDatabaseEnv(schema);
  let server: ServerProcess;
  let siteKey: string;
  let dispose: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const missing = BUILT.filter((file) => !existsSync(file));
    if (missing.length) throw new Error(`${missing.join(', ')} missing: run \`pnpm build\` first`);
    const owned = await openTestDatabase(schema);
    // The embedded kind keeps the process's data in a folder of its own; the schema is unused there.
    dispose = owned.dispose;
    const created = await runToEnd({
      command: `${SERVER_DIR}bin/booth.js`,
      args: [
        'site',
        'create',
        '--name',
        'Compiled Brand',
        '--owner-email',
        'owner@brand.example',
        '--origin',
        TEST_ORIGIN,
      ],
      cwd: SERVER_DIR,
      env: storage.env,
    });
    siteKey = created.match(/site key:\s+(\S+)/)?.[1] ?? '';
    expect(siteKey, created).toMatch(/^\S{8,}$/);
    server = await startServerProcess({
      command: process.execPath,
      args: ['--enable-source-maps', 'dist/main.js'],
      cwd: SERVER_DIR,
      env: storage.env,
    });
  }, 240_000);

  afterAll(async () => {
    const code = await server?.stop();
    storage.dispose();
    await dispose();
    // Graceful shutdown on SIGTERM is part of running in production.
    expect(code, server?.output()).toBe(0);
  });

  it('reports ready with every check passing', async () => {
    const response = await fetch(`${server.baseUrl}/readyz`);
    expect(await response.json()).toEqual({ ready: true, checks: { database: true, migrations: true, fanout: true } });
  });

  it('serves a guest who says hello, subscribes and posts, and sees the event', async () => {
    const site = { public_key: siteKey };
    const { client, me } = await connectGuest(server, site as SiteRow, 'Built Guest');
    expect(me.name).toBe('Built Guest');
    const snapshot = await client.ok({ type: 'subscribe', board: 'compiled' });
    expect(snapshot).toMatchObject({ mode: 'snapshot', threads: [] });
    const { thread } = await ask(client, 'compiled', { title: 'Does the build serve?' });
    const created = await eventOfKind(client, 'thread.created', 'compiled');
    expect(created.event.thread.id).toBe(thread.id);
    await client.close();
  });

  it('serves the built widget and moderation view', async () => {
    const embed = await fetch(`${server.baseUrl}/embed.js`);
    expect(embed.status).toBe(200);
    const widget = await fetch(`${server.baseUrl}${await widgetModulePath(server.baseUrl)}`);
    expect(widget.status).toBe(200);
    expect((await widget.text()).length).toBeGreaterThan(10_000);
    expect(await (await fetch(`${server.baseUrl}/moderate/`)).text()).toContain('<!doctype html>');
  });
});
