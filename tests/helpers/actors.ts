import type { ErrorBody, ErrorCode, EventMessage, MemberView, ResultMap, ThreadKind } from '@booth/shared';
import { afterAll, beforeAll, expect } from 'vitest';
import type { OpenDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import type { WsOptions } from '../../server/src/transport/ws.js';
import {
  createTestSite,
  FIRST_DAY_OFF,
  type SsoClaims,
  signSso,
  startTestApp,
  type TestApp,
  type TestAppOptions,
  type TestSiteOptions,
} from './test-app.js';
import { type Reply, TestClient } from './ws-client.js';

/** Socket limits high enough that a test writing fast is never rate limited. */
export const UNLIMITED_FRAMES: WsOptions = { frameBurst: 100_000, framesPerSecond: 100_000 };

const NO_LIMIT = { member: 0, ip: 0, site: 0 };

/**
 * A site policy that stays out of the way of tests about something else: no rate limits,
 * no duplicate-text window, and links allowed to new members. Spam rules have their own tests.
 */
export const PERMISSIVE_POLICY = {
  guestLinkLimit: 50,
  memberLinkLimit: 50,
  duplicateWindowMinutes: 0,
  linksPerDomainPerDay: 0,
  firstDayLimits: FIRST_DAY_OFF,
  rateLimits: { posts: NO_LIMIT, writes: NO_LIMIT, signIns: { ip: 0, site: 0 }, uploads: NO_LIMIT },
};

/** Creates a site with the permissive policy (or the one given). */
export async function createOpenSite(
  database: OpenDatabase,
  options: TestSiteOptions = {},
  policy: object = PERMISSIVE_POLICY,
): Promise<SiteRow> {
  const site = await createTestSite(database, options);
  // First-day limits stay off unless the policy sets them: these tests post more than a newcomer may.
  const saved = await saveSitePolicy(database.db, site.id, { firstDayLimits: FIRST_DAY_OFF, ...policy });
  if (!saved.ok) throw new Error(`the test policy was refused: ${saved.error.message}`);
  return site;
}

/** Someone on a board: their socket and who the server says they are. */
export interface Visitor {
  client: TestClient;
  me: MemberView;
  /** Set for guests: the token that brings the same guest back. */
  guestToken: string | null;
}

/** Connects and joins as a guest with a display name. */
export async function connectGuest(t: Pick<TestApp, 'wsUrl'>, site: SiteRow, name = 'Robin Guest'): Promise<Visitor> {
  const client = await TestClient.connect(t.wsUrl(site));
  const { me, guestToken } = await client.ok({ type: 'guest.join', name });
  return { client, me, guestToken };
}

/** Connects and says hello with a guest token, as a returning guest's widget does. */
export async function reconnectGuest(t: Pick<TestApp, 'wsUrl'>, site: SiteRow, guestToken: string): Promise<Visitor> {
  const client = await TestClient.connect(t.wsUrl(site));
  const { me } = await client.ok({ type: 'hello', guest: guestToken });
  if (!me) throw new Error('the guest token was not recognised');
  return { client, me, guestToken };
}

/** Connects and signs in through the site's SSO, as the host page of a logged-in shopper does. */
export async function connectMember(t: Pick<TestApp, 'wsUrl'>, site: SiteRow, claims: SsoClaims): Promise<Visitor> {
  const client = await TestClient.connect(t.wsUrl(site));
  const { me } = await client.ok({ type: 'hello', sso: await signSso(site, claims) });
  if (!me) throw new Error('the SSO token was not accepted');
  return { client, me, guestToken: null };
}

/** Connects a signed-in staff member. */
export function connectStaff(
  t: Pick<TestApp, 'wsUrl'>,
  site: SiteRow,
  sub = 'agent-1',
  name = 'Sam from Support',
): Promise<Visitor> {
  return connectMember(t, site, { sub, name, role: 'staff' });
}

export interface QuestionFields {
  kind?: ThreadKind;
  title?: string;
  body?: string;
  key?: string;
}

/** Opens a thread (a question unless told otherwise) and returns the server's result. */
export function ask(
  client: TestClient,
  board: string,
  fields: QuestionFields = {},
): Promise<ResultMap['thread.create']> {
  return client.ok({
    type: 'thread.create',
    key: fields.key ?? TestClient.key(),
    board,
    kind: fields.kind ?? 'question',
    title: fields.title ?? 'Does the jacket run small?',
    body: fields.body ?? 'I usually wear a medium.',
  });
}

/** Replies to a thread, or to a post in it. */
export function answer(
  client: TestClient,
  threadId: string,
  body = 'It runs a size small; order one up.',
  parentId?: string,
): Promise<ResultMap['post.create']> {
  return client.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId,
    body,
    ...(parentId ? { parentId } : {}),
  });
}

/** Awaits a reply and asserts the server refused it with `code`; returns the error body. */
export async function expectRefused(pending: Promise<Reply<keyof ResultMap>>, code: ErrorCode): Promise<ErrorBody> {
  const reply = await pending;
  expect(reply.ok ? { ok: true, result: reply.result } : reply.error.code).toBe(code);
  if (reply.ok) throw new Error('unreachable');
  expect(reply.error.message.length).toBeGreaterThan(0);
  return reply.error;
}

/**
 * Round-trips a ping, so every frame the server sent this client before it has arrived.
 * After another client saw an event, this proves whether this client got it too.
 */
export async function flush(client: TestClient): Promise<void> {
  await client.ok({ type: 'ping' });
}

/** The first event the client received that matches, or the next to arrive; fails after `timeoutMs`. */
export async function eventMatching(
  client: TestClient,
  match: (message: EventMessage) => boolean,
  timeoutMs = 5000,
): Promise<EventMessage> {
  try {
    await client.until('a matching event', () => client.events.some(match), timeoutMs);
  } catch (error) {
    const seen = client.events.map((e) => `${e.seq}:${e.event.kind}`).join(', ');
    throw new Error(`${(error as Error).message}; events seen: ${seen}`);
  }
  return client.events.find(match) as EventMessage;
}

/** The first event of `kind` (on `board`, if given) the client received, or the next to arrive. */
export function eventOfKind<K extends EventMessage['event']['kind']>(
  client: TestClient,
  kind: K,
  board?: string,
): Promise<EventMessage & { event: Extract<EventMessage['event'], { kind: K }> }> {
  return eventMatching(client, (m) => m.event.kind === kind && (board === undefined || m.board === board)) as never;
}

/** A board slug no other test in the file uses. */
export function freshBoard(prefix = 'board'): string {
  return `${prefix}-${TestClient.key().slice(0, 8)}`;
}

/** The app and site a test file works on, with shortcuts to people on that site. */
export interface BoardApp {
  readonly t: TestApp;
  readonly site: SiteRow;
  /** A connected guest; on `site` when given, else on the file's site. */
  guest(name?: string, site?: SiteRow): Promise<Visitor>;
  /** A connected member signed in through SSO. */
  member(claims: SsoClaims, site?: SiteRow): Promise<Visitor>;
  /** A connected staff member (SSO with a signed staff role). */
  staff(sub?: string, name?: string, site?: SiteRow): Promise<Visitor>;
  /** A connected reader that has not said who they are. */
  reader(site?: SiteRow): Promise<TestClient>;
  /** Another site on the same app, with the permissive policy. */
  otherSite(options?: TestSiteOptions): Promise<SiteRow>;
}

export interface BoardAppOptions extends TestAppOptions {
  site?: TestSiteOptions;
}

/**
 * Starts one app and one site for the whole test file before its tests, and closes the app
 * (and every socket on it) after them. Sockets are never rate limited unless `ws` says so,
 * and the site has the permissive policy.
 */
export function useBoardApp(options: BoardAppOptions = {}): BoardApp {
  const { site: siteOptions, ...appOptions } = options;
  let t: TestApp | undefined;
  let site: SiteRow | undefined;
  beforeAll(async () => {
    t = await startTestApp({ ...appOptions, ws: appOptions.ws ?? UNLIMITED_FRAMES });
    site = await createOpenSite(t.database, siteOptions);
  });
  afterAll(async () => t?.close());
  const started = () => {
    if (!t || !site) throw new Error('the app starts in beforeAll; use it inside tests and hooks');
    return { t, site };
  };
  return {
    get t() {
      return started().t;
    },
    get site() {
      return started().site;
    },
    guest: (name, on) => connectGuest(started().t, on ?? started().site, name),
    member: (claims, on) => connectMember(started().t, on ?? started().site, claims),
    staff: (sub, name, on) => connectStaff(started().t, on ?? started().site, sub, name),
    reader: (on) => TestClient.connect(started().t.wsUrl(on ?? started().site)),
    otherSite: (siteOptions) => createOpenSite(started().t.database, siteOptions),
  };
}
