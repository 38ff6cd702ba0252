/**
 * Every route of the HTTP API (`/api/v1`), as one table: the plugin registers them from it, the
 * OpenAPI document and the docs page describe them from it, and the contract test walks it. Each
 * write runs the same use case as the moderation view's or the widget's socket message, as the
 * key's staff member, so it is authorized, audited, idempotent and fanned out live the same way.
 */
import {
  ApiAcceptBody,
  ApiBoardPage,
  ApiBoardParams,
  ApiBoardsResult,
  ApiBoardThreadsQuery,
  ApiExportResult,
  ApiInsightsQuery,
  ApiInsightsResult,
  ApiMoveBody,
  ApiNoQuery,
  ApiPostActionBody,
  ApiPostActionResult,
  ApiPostParams,
  ApiPostResult,
  ApiPostsPage,
  ApiReplyCreateBody,
  type ApiScope,
  ApiSearchQuery,
  ApiSearchResult,
  ApiThreadActionBody,
  ApiThreadCreateBody,
  ApiThreadCreated,
  ApiThreadPage,
  ApiThreadParams,
  ApiThreadQuery,
  ApiThreadResult,
} from '@booth/shared';
import type * as v from 'valibot';
import { listSiteBoards } from '../../db/boards.queries.js';
import { boardFirstPage, boardThreadsPage, listingOf } from '../../domain/board-reading.js';
import { exportSite } from '../../domain/export/site-export.js';
import { insights } from '../../domain/insights.js';
import { moderateThread, moveThread, staffAccept } from '../../domain/moderation.js';
import { moderatePost } from '../../domain/moderation-posts.js';
import { decodeCursor } from '../../domain/page-cursor.js';
import { createReply } from '../../domain/posts.js';
import { search } from '../../domain/search.js';
import type { Actor, Services, SiteRow } from '../../domain/services.js';
import { moreThreadPosts, openThread } from '../../domain/thread-reading.js';
import { createThread } from '../../domain/threads.js';

/** What a route's handler gets: the key's site, its staff member (for writes), and the checked input. */
export interface ApiCall<P, Q, B> {
  services: Services;
  site: SiteRow;
  /** The key's staff member, for routes that write or moderate. */
  actor(): Promise<Actor>;
  params: P;
  query: Q;
  body: B;
  /** The request's `Idempotency-Key`, or a fresh one when it sent none. */
  writeKey: string;
}

type Schema = v.GenericSchema;

export interface ApiRoute<
  P extends Schema = Schema,
  Q extends Schema = Schema,
  B extends Schema | undefined = Schema | undefined,
> {
  method: 'GET' | 'POST';
  /** OpenAPI style: `{name}` for a path parameter. */
  path: string;
  operationId: string;
  summary: string;
  scope: ApiScope;
  params?: P;
  query: Q;
  body?: B;
  status: 200 | 201;
  response: Schema;
  run(
    call: ApiCall<v.InferOutput<P>, v.InferOutput<Q>, B extends Schema ? v.InferOutput<B> : undefined>,
  ): Promise<unknown>;
}

/** Keeps each route's input types tied to its schemas while the table holds them all. */
function route<P extends Schema, Q extends Schema, B extends Schema | undefined = undefined>(
  r: ApiRoute<P, Q, B>,
): ApiRoute {
  return r as unknown as ApiRoute;
}

const BASE = '/api/v1';
/** Socket messages carry a request id; the API's answer is the HTTP response itself. */
const REQUEST_ID = 'api';

export const API_ROUTES: readonly ApiRoute[] = [
  route({
    method: 'GET',
    path: `${BASE}/boards`,
    operationId: 'listBoards',
    summary: "The site's boards.",
    scope: 'read',
    query: ApiNoQuery,
    status: 200,
    response: ApiBoardsResult,
    run: async ({ services, site }) => ({
      boards: (await listSiteBoards(await services.reads.forReader(null), site.id))
        .map((b) => ({ slug: b.slug }))
        .sort((a, b) => a.slug.localeCompare(b.slug)),
    }),
  }),
  route({
    method: 'GET',
    path: `${BASE}/boards/{board}/threads`,
    operationId: 'listThreads',
    summary: "A page of a board's threads, in the order and filter asked (`next` pages on with `after`).",
    scope: 'read',
    params: ApiBoardParams,
    query: ApiBoardThreadsQuery,
    status: 200,
    response: ApiBoardPage,
    run: async ({ services, site, params, query }) => {
      const listing = listingOf(query);
      const cursorSecret = services.guestSecret;
      const reads = await services.reads.forReader(null);
      if (query.after !== undefined) {
        decodeCursor(query.after, listing, cursorSecret);
        const page = { listing, after: query.after, viewerId: null, cursorSecret };
        return (await boardThreadsPage(reads, site.id, params.board, page)) ?? { threads: [], next: null };
      }
      const found = await boardFirstPage(reads, site.id, params.board, { listing, cursorSecret });
      return found?.page ?? { threads: [], next: null };
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/threads/{threadId}`,
    operationId: 'getThread',
    summary: 'A thread with the first page of its posts (`next` pages on with the posts route).',
    scope: 'read',
    params: ApiThreadParams,
    query: ApiNoQuery,
    status: 200,
    response: ApiThreadPage,
    run: async ({ services, site, params }) => {
      const reader = { viewer: null, cursorSecret: services.guestSecret };
      const opened = await openThread(await services.reads.forReader(null), site.id, params.threadId, reader);
      return { thread: opened.thread, posts: opened.posts, next: opened.next };
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/threads/{threadId}/posts`,
    operationId: 'listPosts',
    summary: "The next page of a thread's posts after `after` (a thread's or a page's `next`).",
    scope: 'read',
    params: ApiThreadParams,
    query: ApiThreadQuery,
    status: 200,
    response: ApiPostsPage,
    run: async ({ services, site, params, query }) => {
      const reader = { viewer: null, cursorSecret: services.guestSecret };
      const reads = await services.reads.forReader(null);
      if (query.after === undefined) {
        const opened = await openThread(reads, site.id, params.threadId, reader);
        return { posts: opened.posts, next: opened.next };
      }
      return moreThreadPosts(reads, site.id, params.threadId, reader, query.after);
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/search`,
    operationId: 'search',
    summary: "Full-text search of the site's visible threads and posts, or one board's.",
    scope: 'read',
    query: ApiSearchQuery,
    status: 200,
    response: ApiSearchResult,
    run: async ({ services, site, query }) =>
      search(
        await services.reads.forReader(null),
        { siteId: site.id, board: query.board ?? null },
        query.q,
        Number(query.offset ?? 0),
      ),
  }),
  route({
    method: 'GET',
    path: `${BASE}/insights`,
    operationId: 'insights',
    summary: 'How well the site answers over the last 7, 30 or 90 days, as the moderation view shows it.',
    scope: 'read',
    query: ApiInsightsQuery,
    status: 200,
    response: ApiInsightsResult,
    run: async ({ services, site, query }) =>
      insights(await services.reads.forReader(null), site, {
        board: query.board ?? null,
        days: Number(query.days) as 7 | 30 | 90,
        now: services.now(),
      }),
  }),
  route({
    method: 'GET',
    path: `${BASE}/export`,
    operationId: 'exportSite',
    summary:
      "The site's boards, threads, posts, votes, members and images as one document (members' data: moderate scope).",
    scope: 'moderate',
    query: ApiNoQuery,
    status: 200,
    response: ApiExportResult,
    run: async ({ services, site }) =>
      exportSite(await services.reads.forReader(null), site.public_key, services.now(), {
        store: services.imageStore,
        publicUrl: services.publicUrl,
      }),
  }),
  route({
    method: 'POST',
    path: `${BASE}/threads`,
    operationId: 'createThread',
    summary: "Starts a thread as the key's staff member.",
    scope: 'write',
    query: ApiNoQuery,
    body: ApiThreadCreateBody,
    status: 201,
    response: ApiThreadCreated,
    run: async ({ services, actor, body, writeKey }) => {
      const msg = { type: 'thread.create' as const, id: REQUEST_ID, key: writeKey, ...body };
      const { thread, post } = await createThread(services, await actor(), msg);
      return { thread, post };
    },
  }),
  route({
    method: 'POST',
    path: `${BASE}/threads/{threadId}/replies`,
    operationId: 'createReply',
    summary:
      "Replies as the key's staff member; `agentName` shows a helpdesk agent's name on the answer instead, and the answer resolves the thread's helpdesk escalation (the one `callbackRef`, from `thread.escalated`, names).",
    scope: 'write',
    params: ApiThreadParams,
    query: ApiNoQuery,
    body: ApiReplyCreateBody,
    status: 201,
    response: ApiPostResult,
    run: async ({ services, actor, params, body, writeKey }) => {
      const { agentName, callbackRef, ...reply } = body;
      const msg = { type: 'post.create' as const, id: REQUEST_ID, key: writeKey, threadId: params.threadId, ...reply };
      return createReply(services, await actor(), msg, { agentName, helpdesk: { callbackRef } });
    },
  }),
  route({
    method: 'POST',
    path: `${BASE}/threads/{threadId}/accept`,
    operationId: 'acceptAnswer',
    summary: "Accepts a reply as the thread's answer (`postId: null` takes it back).",
    scope: 'moderate',
    params: ApiThreadParams,
    query: ApiNoQuery,
    body: ApiAcceptBody,
    status: 200,
    response: ApiThreadResult,
    run: async ({ services, actor, params, body, writeKey }) =>
      staffAccept(services, await actor(), {
        type: 'staff.thread.accept',
        id: REQUEST_ID,
        key: writeKey,
        threadId: params.threadId,
        ...body,
      }),
  }),
  route({
    method: 'POST',
    path: `${BASE}/threads/{threadId}/actions`,
    operationId: 'moderateThread',
    summary: 'Pins, unpins, locks, unlocks, hides or restores a thread.',
    scope: 'moderate',
    params: ApiThreadParams,
    query: ApiNoQuery,
    body: ApiThreadActionBody,
    status: 200,
    response: ApiThreadResult,
    run: async ({ services, actor, params, body, writeKey }) =>
      moderateThread(services, await actor(), {
        type: 'staff.thread.action',
        id: REQUEST_ID,
        key: writeKey,
        threadId: params.threadId,
        ...body,
      }),
  }),
  route({
    method: 'POST',
    path: `${BASE}/threads/{threadId}/move`,
    operationId: 'moveThread',
    summary: 'Moves a thread to another board of the site.',
    scope: 'moderate',
    params: ApiThreadParams,
    query: ApiNoQuery,
    body: ApiMoveBody,
    status: 200,
    response: ApiThreadResult,
    run: async ({ services, actor, params, body, writeKey }) =>
      moveThread(services, await actor(), {
        type: 'staff.thread.move',
        id: REQUEST_ID,
        key: writeKey,
        threadId: params.threadId,
        ...body,
      }),
  }),
  route({
    method: 'POST',
    path: `${BASE}/posts/{postId}/actions`,
    operationId: 'moderatePost',
    summary: 'Hides or restores a post.',
    scope: 'moderate',
    params: ApiPostParams,
    query: ApiNoQuery,
    body: ApiPostActionBody,
    status: 200,
    response: ApiPostActionResult,
    run: async ({ services, actor, params, body, writeKey }) =>
      moderatePost(services, await actor(), {
        type: 'staff.post.action',
        id: REQUEST_ID,
        key: writeKey,
        postId: params.postId,
        ...body,
      }),
  }),
];
