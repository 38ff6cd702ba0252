import type { ResultMap } from '@booth/shared';
import { rememberBoardPage } from '../../domain/board-pages.js';
import { boardThreadsPage, listingOf, subscribeToBoard } from '../../domain/board-reading.js';
import { DomainError } from '../../domain/domain-error.js';
import { identify, joinAsGuest, renameGuest } from '../../domain/identity.js';
import { toMemberView } from '../../domain/mappers.js';
import { createReply, deletePost, editPost } from '../../domain/posts.js';
import { reportPost } from '../../domain/reports.js';
import { keptPublicFirstPage } from '../../domain/thread-first-page.js';
import { moreThreadPosts, openThread } from '../../domain/thread-reading.js';
import { acceptAnswer, createThread } from '../../domain/threads.js';
import { vote } from '../../domain/votes.js';
import { type HandlerTable, readsOf } from './handler.js';

type CustomerMessageType =
  | 'hello'
  | 'guest.join'
  | 'guest.rename'
  | 'subscribe'
  | 'unsubscribe'
  | 'threads.page'
  | 'thread.open'
  | 'thread.more'
  | 'thread.create'
  | 'post.create'
  | 'post.edit'
  | 'post.delete'
  | 'vote'
  | 'thread.accept'
  | 'post.report'
  | 'ping';

/** A kept public first page as `thread.open` answers it: no votes of the reader's, nothing followed. */
function publicOpen(body: string): ResultMap['thread.open'] {
  return {
    ...(JSON.parse(body) as Pick<ResultMap['thread.open'], 'thread' | 'posts' | 'next'>),
    myVotes: {},
    following: false,
  };
}

/** Requests any widget may send: identity, reading and writing on boards. */
export const customerHandlers: HandlerTable<CustomerMessageType> = {
  hello: async (s, msg) => {
    const identified = await identify(s.services, s.site, {
      sso: msg.sso,
      session: msg.session,
      guest: msg.guest,
    });
    s.member = identified.member;
    return {
      me: s.member ? toMemberView(s.member) : null,
      site: { name: s.site.name, guestsAllowed: s.site.guests_allowed, answerBadge: s.site.answer_badge },
      ...(identified.session ? { session: identified.session } : {}),
    };
  },
  'guest.join': async (s, msg) => {
    const joined = await joinAsGuest(s.services, s.site, msg.name);
    s.member = joined.member;
    return { me: joined.me, guestToken: joined.guestToken };
  },
  'guest.rename': async (s, msg) => {
    const renamed = await renameGuest(s.services, s.actor(), msg);
    if (s.member) s.member = { ...s.member, name: renamed.me.name };
    return renamed;
  },
  subscribe: async (s, msg) => {
    // Past its cap of boards the socket is closed here, before any board is looked up or made.
    if (!s.admitBoard(msg.board)) throw new DomainError('forbidden', { key: 'refusal.tooManyBoards' });
    const reads = await readsOf(s);
    const sub = await subscribeToBoard({ db: s.services.db, reads }, s.site.id, msg.board, s.member, msg.since, {
      listing: listingOf(msg),
      cursorSecret: s.services.guestSecret,
    });
    s.subscribe(msg.board, sub.boardId, sub.seq);
    if (msg.page && sub.pageUrl === null) {
      await rememberBoardPage(s.services.db, s.site, sub.boardId, s.pageOrigin, msg.page);
    }
    if (sub.mode === 'resume') return { mode: 'resume', board: msg.board, seq: sub.seq };
    return { mode: 'snapshot', board: msg.board, seq: sub.seq, threads: sub.threads, next: sub.next };
  },
  unsubscribe: async (s, msg) => {
    s.unsubscribe(msg.board);
    return { board: msg.board };
  },
  'threads.page': async (s, msg) => {
    const reads = await readsOf(s);
    const page = await boardThreadsPage(reads, s.site.id, msg.board, {
      listing: listingOf(msg),
      after: msg.after,
      viewerId: s.member?.id ?? null,
      cursorSecret: s.services.guestSecret,
    });
    if (!page) throw new DomainError('not_found');
    return page;
  },
  'thread.open': async (s, msg) => {
    const reader = { viewer: s.member, cursorSecret: s.services.guestSecret };
    // A reader not signed in gets the first page every such reader gets, from the node's read cache.
    const opened =
      s.member === null && msg.until === undefined
        ? publicOpen(
            await keptPublicFirstPage(
              s.services.db,
              s.services.readCache,
              s.site.id,
              msg.threadId,
              reader.cursorSecret,
            ),
          )
        : await openThread(await readsOf(s), s.site.id, msg.threadId, reader, msg.until ?? null);
    // A reopening at a known post (after a reconnect) is the same reading, not another view.
    if (msg.until === undefined) s.services.views?.count(opened.thread.id);
    // Opening a followed thread clears its news from the member's bell.
    if (s.member && opened.following) await s.bell?.markRead(s.member.id, opened.thread.id);
    return opened;
  },
  'thread.more': async (s, msg) =>
    moreThreadPosts(
      await readsOf(s),
      s.site.id,
      msg.threadId,
      { viewer: s.member, cursorSecret: s.services.guestSecret },
      msg.after,
    ),
  'thread.create': async (s, msg) => createThread(s.services, s.actor(), msg),
  'post.create': async (s, msg) => createReply(s.services, s.actor(), msg),
  'post.edit': async (s, msg) => editPost(s.services, s.actor(), msg),
  'post.delete': async (s, msg) => deletePost(s.services, s.actor(), msg),
  vote: async (s, msg) => vote(s.services, s.actor(), msg),
  'thread.accept': async (s, msg) => acceptAnswer(s.services, s.actor(), msg),
  'post.report': async (s, msg) => reportPost(s.services, s.actor(), msg),
  ping: async () => ({ now: new Date().toISOString() }),
};
