import { type Browser, chromium, type Page } from 'playwright-core';
import type { SiteRow } from '../../server/src/db/database.js';
import type { Executor } from '../../server/src/db/executor.js';
import { findSiteByKey } from '../../server/src/db/sites.queries.js';
import { DEMO_BOARD, DEMO_SITE_KEY } from '../../server/src/demo/demo-site.js';
import { loadSitePolicy, saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import { addStaff } from './staff-session.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';
import { TestClient } from './ws-client.js';

/**
 * The demo site, set up for pages a test drives. Chromium types a whole question in
 * milliseconds, which the composing-time signal rightly reads as a script (it holds a new
 * member's first post for review); these pages are scripted on purpose, so the site skips that
 * signal. Writes read the policy afresh, so running nodes apply it at once.
 */
export async function demoSiteForScriptedPages(db: Executor): Promise<SiteRow> {
  const site = (await findSiteByKey(db, DEMO_SITE_KEY)) as SiteRow;
  const policy = await loadSitePolicy(db, site.id);
  await saveSitePolicy(db, site.id, { ...policy, minComposeSeconds: 0 });
  return site;
}

/** The app with its demo site, and headless Chromium (Debian's package) to drive it. */
export interface DemoInBrowser {
  t: TestApp;
  site: SiteRow;
  browser: Browser;
}

/** Starts the app with the demo site and launches Chromium; pair with `closeDemoInBrowser`. */
export async function startDemoInBrowser(options: TestAppOptions = {}): Promise<DemoInBrowser> {
  const t = await startTestApp({ ...options, env: { BOOTH_DEMO: 'true', ...options.env } });
  const site = await demoSiteForScriptedPages(t.database.db);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return { t, site, browser };
}

export async function closeDemoInBrowser(demo: Partial<DemoInBrowser>): Promise<void> {
  await demo.browser?.close();
  await demo.t?.close();
}

/** A new page signed in to the moderation view as a new account with `role`, live. */
export async function moderationPage(
  demo: DemoInBrowser,
  role: 'staff' | 'owner',
  name: string,
  viewport = { width: 1280, height: 1400 },
): Promise<Page> {
  const { email, password } = await addStaff(demo.t, demo.site, role, name);
  const page = await (await demo.browser.newContext({ viewport })).newPage();
  await page.goto(`${demo.t.baseUrl}/moderate/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live ·').waitFor();
  return page;
}

/** Opens a tab of the moderation view by its name. */
export async function openModerationTab(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).or(page.getByRole('tab', { name })).first().click();
}

/** A question on the demo board whose asker accepted a reply (`answer`), through the protocol; its thread id. */
export async function acceptedDemoQuestion(
  demo: Pick<DemoInBrowser, 't' | 'site'>,
  title: string,
  fields: { body?: string; answer?: string } = {},
): Promise<string> {
  const { t, site } = demo;
  const asker = await TestClient.connect(t.wsUrl(site), t.baseUrl);
  const helper = await TestClient.connect(t.wsUrl(site), t.baseUrl);
  await asker.ok({ type: 'guest.join', name: 'Quinn Asker' });
  await helper.ok({ type: 'guest.join', name: 'Jo Helper' });
  const { thread } = await asker.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: DEMO_BOARD,
    kind: 'question',
    title,
    body: fields.body ?? 'The old lacing guide says to loop twice.',
  });
  const { post } = await helper.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: fields.answer ?? 'Loop twice, then tuck the ends.',
  });
  await asker.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
  await asker.close();
  await helper.close();
  return thread.id;
}
