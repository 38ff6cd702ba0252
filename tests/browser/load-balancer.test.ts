/**
 * Booth behind a real load balancer: Debian's nginx, with the repository's deploy/nginx/booth.conf
 * (the configuration docs/operations.md shows), in front of two Booth nodes that run as their own
 * processes on the real Postgres. Two pages open through nginx land on different nodes and see
 * each other's posts live; one node gets SIGTERM mid-conversation, its `/readyz` answers 503 while
 * it drains, its page reconnects through nginx to the other node and misses nothing; the node
 * starts again on its port, answers `/readyz`, and nginx sends it clients again.
 *
 * The demo site is set up for scripted pages (see demoSiteForScriptedPages): the pages type
 * faster than a person, which the spam policy would otherwise hold for review.
 *
 * Needs DATABASE_URL (several nodes share one Postgres), nginx and Chromium; otherwise it says
 * why and skips.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/connect.js';
import { type BoothProcess, freePort, startBoothProcess } from '../helpers/booth-process.js';
import { demoSiteForScriptedPages } from '../helpers/demo-browser.js';
import { type Nginx, NO_NGINX_REASON, nginxInstalled, startNginx } from '../helpers/nginx.js';
import { refusesConnections, startRequest } from '../helpers/request-in-flight.js';

const CHROMIUM = '/usr/bin/chromium';

const databaseUrl = process.env.DATABASE_URL;
const skipReason = !databaseUrl
  ? 'skipped: needs DATABASE_URL (two nodes share one real Postgres; the embedded one serves a single node)'
  : !nginxInstalled()
    ? NO_NGINX_REASON
    : !existsSync(CHROMIUM)
      ? `skipped: Chromium is not installed at ${CHROMIUM} (Debian's chromium package)`
      : null;
if (skipReason) console.info(`Load balancer test ${skipReason}`);

/** Open widget sockets on a node, read from its metrics (the balancer hides /metrics; the node does not). */
async function socketsOn(node: BoothProcess): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return Number(/^booth_ws_connections (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/** Waits until `probe` is true, checking again after each round trip it makes. */
async function until(probe: () => Promise<boolean>, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe.skipIf(skipReason !== null)(skipReason ? `behind nginx (${skipReason})` : 'behind nginx', () => {
  const schema = `lb_${randomBytes(5).toString('hex')}`;
  let nginx: Nginx;
  let nodes: [BoothProcess, BoothProcess];
  let ports: [number, number];
  let env: Record<string, string>;
  let browser: Browser;

  beforeAll(async () => {
    const nginxPort = await freePort();
    ports = [await freePort(), await freePort()];
    env = {
      DATABASE_URL: databaseUrl as string,
      BOOTH_TEST_SCHEMA: schema,
      PUBLIC_URL: `http://127.0.0.1:${nginxPort}`,
      BOOTH_DEMO: 'true',
    };
    // One after the other: the first runs the migrations and makes the demo site.
    nodes = [await startBoothProcess(ports[0], env), await startBoothProcess(ports[1], env)];
    const database = await openDatabase({ url: databaseUrl as string, dataDir: null, schema, poolSize: 1 });
    await demoSiteForScriptedPages(database.db);
    await database.close();
    nginx = await startNginx(
      nginxPort,
      ports.map((p) => `127.0.0.1:${p}`),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    for (const node of nodes ?? []) await node.terminate();
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`);
      await client.end();
    }
  }, 60_000);

  /** Opens the demo page through nginx until its widget's socket is on `node`; returns the page. */
  async function pageOn(node: BoothProcess, others: BoothProcess[]): Promise<Page> {
    for (let attempt = 0; attempt < 20; attempt++) {
      // nginx's round robin also takes turns on the page's script and chunk requests, so a page's
      // socket can land on the same node on every try: one more request on every other try shifts the turn.
      if (attempt % 2 === 1) await fetch(`${nginx.url}/readyz`);
      const before = await socketsOn(node);
      const beforeOthers = await Promise.all(others.map(socketsOn));
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${nginx.url}/`);
      await page.getByText('Do the Trail Runner 2 fit true to size?').first().waitFor();
      let landed: 'here' | 'elsewhere' | null = null;
      await until(async () => {
        if ((await socketsOn(node)) > before) landed = 'here';
        else if ((await Promise.all(others.map(socketsOn))).some((n, i) => n > (beforeOthers[i] ?? 0)))
          landed = 'elsewhere';
        return landed !== null;
      }, 'the page has a socket');
      if (landed === 'here') return page;
      await page.context().close();
      // The next try counts from the closed page's socket being gone, not from a count that still holds it.
      await until(
        async () => (await Promise.all(others.map(socketsOn))).every((n, i) => n <= (beforeOthers[i] ?? 0)),
        "the closed page's socket is gone",
      );
    }
    throw new Error(`no page landed on the node at ${node.url}`);
  }

  async function ask(page: Page, title: string, name: string): Promise<void> {
    await page.getByRole('button', { name: 'Ask a question' }).first().click();
    await page.getByLabel('Your question').fill(title);
    await page.getByLabel('Details').fill('Asked through the load balancer.');
    const nameField = page.getByLabel('Your name');
    if (await nameField.count()) await nameField.fill(name);
    await page.getByRole('button', { name: 'Post question' }).click();
    // Posting opens the new thread; back to the list, where the other page's questions arrive.
    await page.getByRole('textbox', { name: 'Answer', exact: true }).waitFor();
    await page.getByRole('button', { name: /All topics/ }).click();
  }

  it('serves two pages on two nodes live, survives SIGTERM of one mid-conversation, and takes the node back', async () => {
    const [a, b] = nodes;
    const onA = await pageOn(a, [b]);
    const onB = await pageOn(b, [a]);

    // Each sees the other's post live, across nodes.
    await ask(onA, 'Asked on node A: do they run small?', 'Ana');
    await onB.getByRole('button', { name: 'Asked on node A: do they run small?' }).waitFor();
    await ask(onB, 'Asked on node B: waterproof?', 'Ben');
    await onA.getByRole('button', { name: 'Asked on node B: waterproof?' }).waitFor();

    // Node B is told to stop while the conversation goes on: a question is asked at the same
    // time, and a health check of B is on the wire.
    expect((await fetch(`${b.url}/readyz`)).status).toBe(200);
    const check = await startRequest(b.url, '/readyz');
    const stopped = b.terminate();
    const asked = ask(onA, 'Asked while node B shuts down', 'Ana');
    // While B drains, /readyz takes it out: new connections are refused, the check under way gets 503.
    await until(() => refusesConnections(b.url), 'node B stops taking connections');
    expect((await check.finish()).status).toBe(503);
    await asked;
    expect(await stopped).toBe(0);
    // nginx sends B's page to node A.
    await until(async () => (await socketsOn(a)) === 2, "B's page reconnected through nginx to node A");
    // It missed nothing: the question asked while it moved is there, and later ones arrive live.
    await onB.getByRole('button', { name: 'Asked while node B shuts down' }).waitFor();
    await ask(onA, 'Asked after the move', 'Ana');
    await onB.getByRole('button', { name: 'Asked after the move' }).waitFor();

    // Node B starts again on its port, is ready, and nginx sends it clients again (passive
    // checks: once its fail_timeout is over, a request tries it and succeeds).
    nodes[1] = await startBoothProcess(ports[1], env);
    expect((await fetch(`${nodes[1].url}/readyz`)).status).toBe(200);
    const backOnB = await pageOn(nodes[1], [a]);
    // Ana has asked the three questions a new member may ask on their first day; Ben asks this
    // one from his page, now on node A, and the new page on node B sees it live.
    await ask(onB, 'Asked once node B is back', 'Ben');
    await backOnB.getByRole('button', { name: 'Asked once node B is back' }).waitFor();
  }, 180_000);
});
