import { afterAll, beforeAll } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { relaxLimits } from './relaxed-site.js';
import { SmtpSink } from './smtp-sink.js';
import { createTestSite, signSso, startTestApp, type TestApp, type TestAppOptions } from './test-app.js';
import { TestClient } from './ws-client.js';

/**
 * An app whose email goes over SMTP to a sink in this process, on the clock `now`; `mail`
 * replaces single mail-queue options.
 */
export async function startMailApp(
  now: () => Date,
  mail: TestAppOptions['mail'] = {},
): Promise<{ t: TestApp; sink: SmtpSink }> {
  const sink = await SmtpSink.start();
  const t = await startTestApp({
    live: { now },
    webhooks: { enabled: false },
    mail: { pollingIntervalSeconds: 0.5, dueCron: null, retryDelaySeconds: 1, ...mail },
    env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://booth.test' },
  });
  return { t, sink };
}

/** A test file's mail app (see `mailSite`) and one site on it. */
export interface MailSite {
  /** The node; a new one after `restart`. */
  readonly t: TestApp;
  readonly sink: SmtpSink;
  readonly site: SiteRow;
  /** Signs a member in through the site's SSO, on a socket of their own. */
  member(
    sub: string,
    name: string,
    extra?: { role?: string; email?: string },
  ): Promise<{ client: TestClient; id: string }>;
  /** Closes every member's socket and starts the node again on the same database. */
  restart(): Promise<void>;
}

/**
 * Starts a mail app (see `startMailApp`) with a site whose rate limits are off before the test
 * file's tests, and closes it, its sink and its members' sockets after them.
 */
export function mailSite(now: () => Date, mail: TestAppOptions['mail'] = {}): MailSite {
  let started: { t: TestApp; sink: SmtpSink; site: SiteRow } | null = null;
  const clients: TestClient[] = [];
  const get = () => {
    if (!started) throw new Error('the mail app starts before the tests');
    return started;
  };
  const closeClients = async () => {
    for (const c of clients.splice(0)) await c.close();
  };
  beforeAll(async () => {
    const { t, sink } = await startMailApp(now, mail);
    const site = await createTestSite(t.database, { name: 'Acme Outdoor' });
    await relaxLimits(t.database, site.id);
    started = { t, sink, site };
  });
  afterAll(async () => {
    await closeClients();
    await started?.t.close();
    await started?.sink.close();
  });
  return {
    get t() {
      return get().t;
    },
    get sink() {
      return get().sink;
    },
    get site() {
      return get().site;
    },
    async member(sub, name, extra = {}) {
      const { t, site } = get();
      const client = await TestClient.connect(t.wsUrl(site));
      clients.push(client);
      const { me } = await client.ok({
        type: 'hello',
        sso: await signSso(site, { sub, name, ...extra }, { now: now() }),
      });
      if (!me) throw new Error('the SSO token was not accepted');
      return { client, id: me.id };
    },
    async restart() {
      await closeClients();
      const s = get();
      s.t = await s.t.restart();
    },
  };
}
