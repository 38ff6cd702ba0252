import { randomBytes } from 'node:crypto';
import type { Language, SitePolicyInput } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { type AppOptions, buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import type { OpenDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { insertSite } from '../../server/src/db/sites.queries.js';
import { capturedLog, registerSecret } from './log-capture.js';
import { openTestDatabase } from './test-database.js';

export const TEST_ORIGIN = 'https://brand.example';

export interface TestApp {
  app: FastifyInstance;
  database: OpenDatabase;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** ws://127.0.0.1:PORT/ws?site=KEY for the given site. */
  wsUrl(site: Pick<SiteRow, 'public_key'>): string;
  /** Stops the node (graceful close) and keeps its database, as a node that goes down does. */
  stop(): Promise<void>;
  /**
   * Stops the node if it runs, then starts a new one on the same database with this node's options,
   * `overrides` replacing whole options; the new node owns the database from then on.
   */
  restart(overrides?: Omit<TestAppOptions, 'database'>): Promise<TestApp>;
  /** Stops the node and drops the database it made (a database it was given stays open). */
  close(): Promise<void>;
}

export interface TestAppOptions extends Omit<AppOptions, 'config' | 'database'> {
  /** Reuse an open database (several nodes on one schema); by default a fresh schema is made and dropped. */
  database?: OpenDatabase;
  env?: Record<string, string>;
  /** The port to listen on (default: any free one), e.g. so PUBLIC_URL can be the app's own address. */
  port?: number;
}

/** Builds the real app on a free port against the test database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const owned = options.database ? null : await openTestDatabase();
  return listenTestApp({ ...options, database: options.database ?? (owned as OpenDatabase) }, owned);
}

/** Builds and listens; `owned` is the database this node drops when it closes, if it made one. */
async function listenTestApp(
  options: TestAppOptions & { database: OpenDatabase },
  owned: { dispose(): Promise<void> } | null,
): Promise<TestApp> {
  const { database } = options;
  // Logs at debug level go to the file's log capture (checked for secrets after the file), and to the test's own stream.
  // Load shedding on event-loop lag stays off unless a test turns it on: a test process does
  // heavy work on purpose (password hashing, imports), which must not refuse its own sockets.
  const config = loadConfig({ LOG_LEVEL: 'debug', BOOTH_DEMO: 'false', MAX_EVENT_LOOP_DELAY_MS: '0', ...options.env });
  const own = options.logStream;
  const logStream = {
    write(line: string) {
      capturedLog.write(line);
      own?.write(line);
    },
  };
  const app = await buildApp({ ...options, config, database, logStream });
  await app.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    database,
    baseUrl,
    wsUrl: (site) => `ws://127.0.0.1:${port}/ws?site=${site.public_key}`,
    stop,
    async restart(overrides = {}) {
      await stop();
      return listenTestApp({ ...options, ...overrides, database }, owned);
    },
    async close() {
      await stop();
      await owned?.dispose();
    },
  };
}

/** Where a node keeps image bytes, and its public URL: what export and import need of it. */
export function imageDepsOf(node: Pick<TestApp, 'app'>) {
  return { store: node.app.services.imageStore, publicUrl: node.app.services.publicUrl };
}

export interface TestSiteOptions {
  origins?: string[];
  guestsAllowed?: boolean;
  name?: string;
  /**
   * Trust-and-safety settings (spam policy, rate limits); left out, the product defaults apply,
   * except the first-day limits of new members, which are off unless a test sets them: most
   * tests post more than a newcomer's first day allows, and are about something else.
   */
  policy?: SitePolicyInput;
  /** The site's language; English when left out. */
  language?: Language;
}

export const FIRST_DAY_OFF = { level0: { threads: 0, replies: 0 }, level1: { threads: 0, replies: 0 } };

/** Splits settings the way a site row stores them: pre-moderation in its column, the rest as JSON. */
function policyColumns({ premoderateFirstPosts, ...policy }: SitePolicyInput) {
  return { policy, ...(premoderateFirstPosts !== undefined ? { premoderateFirstPosts } : {}) };
}

/** Creates a site with a random key and SSO secret. */
export async function createTestSite(database: OpenDatabase, options: TestSiteOptions = {}): Promise<SiteRow> {
  const site = await insertSite(database.db, {
    publicKey: `site_${randomBytes(6).toString('hex')}`,
    name: options.name ?? 'Test Brand',
    allowedOrigins: options.origins ?? [TEST_ORIGIN],
    ssoSecret: randomBytes(32).toString('base64url'),
    guestsAllowed: options.guestsAllowed ?? true,
    language: options.language,
    ...policyColumns({ firstDayLimits: FIRST_DAY_OFF, ...options.policy }),
  });
  registerSecret('an SSO secret', site.sso_secret);
  return site;
}

export interface SsoClaims {
  sub: string;
  name: string;
  avatar?: string | null;
  role?: string;
  /** The member's email address, vouched for by the site. */
  email?: string;
  /** Seconds from `now` until expiry; negative for an expired token. Default 3600. */
  expiresIn?: number;
  /** The token's id; the server refuses a second sign-in with the same one. */
  jti?: string;
}

export interface SignSsoOptions {
  /** Sign with another secret than the site's (a forgery). */
  secret?: string;
  /**
   * The time the token is issued at. Pass the clock of the server under test whenever that clock
   * is moved (`live.now`), so that the token is fresh in the server's eyes at any hour of the day.
   */
  now?: Date;
}

/** Signs an SSO token as the site's backend would. */
export async function signSso(
  site: Pick<SiteRow, 'sso_secret'>,
  claims: SsoClaims,
  options: SignSsoOptions = {},
): Promise<string> {
  const { sub, expiresIn = 3600, ...rest } = claims;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const token = await new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(options.secret ?? site.sso_secret));
  registerSecret('an SSO token', token);
  return token;
}
