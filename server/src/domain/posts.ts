import type { ClientMessageOf, PostView, ThreadView } from '@booth/shared';
import { followThread } from '../db/follows.queries.js';
import { attachImages } from '../db/images.queries.js';
import { findPostPlace, insertPostView, updatePost } from '../db/posts.queries.js';
import { lockThread, updateThread } from '../db/threads.queries.js';
import { assertCanChangePost, assertCanReply, assertCanWrite, assertPostInSight, isStaff } from './authorization.js';
import { DomainError } from './domain-error.js';
import { resolveWithAnswer } from './escalations.js';
import { imageContextOf, imageIdsInHtml } from './images/image-links.js';
import { lockSitePost, lockSiteThreadForReply, postView, threadView } from './lookups.js';
import { toPostView, toThreadView } from './mappers.js';
import { plainExcerpt } from './markdown.js';
import { decidePost, screeningQueryOf } from './policy/screen-post.js';
import { promoteIfEarned } from './policy/trust.js';
import type { Actor, Services } from './services.js';
import { assertVisibleTitle, renderVisibleBody } from './visible-content.js';
import { runWrite } from './write.js';

/** Replies to a thread, or to a reply in it (nested one level: a reply to a reply joins its parent). */
export async function createReply(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'post.create'>,
  /**
   * `agentName`: the helpdesk agent a staff answer sent through the API speaks for (staff only).
   * `helpdesk`: sent through the API, so a staff answer resolves the thread's escalation (the one
   * `callbackRef` names, when given).
   */
  options: { agentName?: string | undefined; helpdesk?: { callbackRef?: string | undefined } } = {},
): Promise<{ post: PostView }> {
  const now = services.now();
  const images = imageContextOf(services, actor.site);
  const html = renderVisibleBody(msg.body, images);
  const agentName = isStaff(actor.member) ? (options.agentName ?? null) : null;
  // The writer as stored when the reply claims its key (a ban or a role change since the socket
  // last read them applies), checked under the writer's row lock: replies need no read before.
  let writer = actor;
  const check = (current: Actor) => {
    assertCanWrite(current.member, current.site, now);
    writer = current;
  };
  // The agent's name is part of what a retry must repeat, so it goes into the request's fingerprint.
  const callbackRef = options.helpdesk?.callbackRef;
  const request = {
    ...msg,
    ...(agentName === null ? {} : { agentName }),
    ...(callbackRef === undefined ? {} : { callbackRef }),
  };
  const screening = {
    site: actor.site,
    memberId: actor.member.id,
    title: null,
    body: msg.body,
    html,
    now,
    composeMs: msg.composeMs,
  };
  // What screening reads is read with the thread's lock, in one statement.
  const screeningQuery = screeningQueryOf(screening);
  return runWrite(services, { ...actor, check }, request, async (tx, emit, notify, statements) => {
    const locked = await lockSiteThreadForReply(tx, actor, msg.threadId, screeningQuery, statements);
    const { thread, following } = locked;
    assertCanReply(writer.member, thread);
    let parentId: string | null = null;
    if (msg.parentId) {
      const parent = await findPostPlace(tx, msg.parentId);
      if (!parent || parent.thread_id !== thread.id || parent.status !== 'visible') {
        throw new DomainError('not_found', { key: 'refusal.replyToGone' });
      }
      parentId = parent.root ? null : (parent.parent_id ?? parent.id);
    }
    const staff = isStaff(writer.member);
    const decision = await decidePost(tx, { ...screening, boardId: thread.board_id }, locked.screening);
    const newPost = {
      thread_id: thread.id,
      board_id: thread.board_id,
      parent_id: parentId,
      author_id: writer.member.id,
      root: false,
      source: msg.body,
      html,
      created_at: now,
      edited_at: null,
      status: decision.status,
      content_hash: decision.content_hash,
      hold_reason: decision.hold_reason,
      agent_name: agentName,
    };
    statements.decided(newPost);
    // Held: only staff hear of it, and the thread's counters move when it is approved. Otherwise the
    // counters move in the insert's own statement.
    const stored =
      decision.status === 'pending'
        ? { post: await insertPostView(tx, newPost), thread: null }
        : await statements.insertReplyViews({
            post: newPost,
            thread,
            changes: {
              reply_count: thread.reply_count + 1,
              last_activity_at: now,
              ...(staff && thread.first_staff_reply_at === null ? { first_staff_reply_at: now } : {}),
            },
          });
    const post = toPostView(stored.post);
    if (staff && options.helpdesk) await resolveWithAnswer(tx, thread.id, post.id, now, callbackRef);
    await attachImages(tx, {
      siteId: actor.site.id,
      authorId: writer.member.id,
      postId: post.id,
      imageIds: imageIdsInHtml(html, images),
    });
    // Whoever replies hears of what follows, held or not. A follow that exists stays as it is;
    // reading it (with the thread's lock) never waits, where the insert would wait for the mail
    // fan-out that holds the thread's follow rows while it marks them unread (and this write holds the thread).
    if (!following) {
      await followThread(tx, { memberId: writer.member.id, threadId: thread.id, reason: 'replier', now });
    }
    if (stored.thread === null) {
      await emit(thread.board_id, { kind: 'post.held', post, thread: await threadView(tx, thread.id) });
      return { post };
    }
    await emit(thread.board_id, { kind: 'post.created', post, thread: toThreadView(stored.thread) });
    notify({ type: 'reply', threadId: thread.id, postId: post.id, authorId: writer.member.id });
    await promoteIfEarned(tx, writer.member.id, decision.policy.trustAfterApprovedPosts, decision.trustLevel);
    return { post };
  });
}

/** Edits the author's own post; on the opening post the title may change too. */
export async function editPost(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'post.edit'>,
): Promise<{ post: PostView }> {
  const now = services.now();
  assertCanWrite(actor.member, actor.site, now);
  if (msg.title !== undefined) assertVisibleTitle(msg.title);
  const images = imageContextOf(services, actor.site);
  const html = renderVisibleBody(msg.body, images);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const post = await lockSitePost(tx, actor, msg.postId);
    assertCanChangePost(actor.member, post);
    if (msg.title !== undefined && !post.root) {
      throw new DomainError('invalid_message', { key: 'refusal.titleOpeningOnly' });
    }
    const thread = await lockThread(tx, post.thread_id);
    if (!thread) throw new DomainError('not_found');
    assertPostInSight(thread, post);
    const decision = await decidePost(tx, {
      site: actor.site,
      boardId: post.board_id,
      memberId: actor.member.id,
      title: post.root ? (msg.title ?? thread.title) : null,
      body: msg.body,
      html,
      now,
      editedPostId: post.id,
    });
    // An edit the policy holds takes a visible post out of sight; a post not visible stays as it is.
    const heldNow = post.status === 'visible' && decision.status === 'pending';
    await updatePost(tx, post.id, {
      source: msg.body,
      html,
      edited_at: now,
      content_hash: decision.content_hash,
      ...(decision.hold_reason !== null ? { hold_reason: decision.hold_reason } : {}),
      ...(heldNow ? { status: 'pending' } : {}),
    });
    await attachImages(tx, {
      siteId: actor.site.id,
      authorId: actor.member.id,
      postId: post.id,
      imageIds: imageIdsInHtml(html, images),
    });
    if (post.root) {
      await updateThread(tx, post.thread_id, {
        excerpt: plainExcerpt(msg.body),
        ...(msg.title !== undefined ? { title: msg.title } : {}),
        ...(heldNow ? { hidden: true } : {}),
      });
    } else if (heldNow) {
      await updateThread(tx, thread.id, { reply_count: Math.max(0, thread.reply_count - 1) });
    }
    const view = await postView(tx, post.id);
    const threadNow = await threadView(tx, post.thread_id);
    if (heldNow) {
      if (post.root) await emit(post.board_id, { kind: 'thread.removed', threadId: thread.id });
      else await emit(post.board_id, { kind: 'post.removed', postId: post.id, thread: threadNow });
    }
    if (view.status === 'visible') await emit(post.board_id, { kind: 'post.updated', post: view, thread: threadNow });
    else if (view.status === 'pending') await emit(post.board_id, { kind: 'post.held', post: view, thread: threadNow });
    return { post: view };
  });
}

/** Deletes the author's own post; deleting the opening post removes the whole thread. */
export async function deletePost(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'post.delete'>,
): Promise<{ postId: string }> {
  const now = services.now();
  assertCanWrite(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const post = await lockSitePost(tx, actor, msg.postId);
    assertCanChangePost(actor.member, post);
    const thread = await lockThread(tx, post.thread_id);
    if (!thread) throw new DomainError('not_found');
    assertPostInSight(thread, post);
    await updatePost(tx, post.id, { status: 'deleted', edited_at: now });
    if (post.root) {
      await updateThread(tx, thread.id, { hidden: true });
      await emit(post.board_id, { kind: 'thread.removed', threadId: thread.id });
      return { postId: post.id };
    }
    const wasAccepted = thread.accepted_post_id === post.id;
    await updateThread(tx, thread.id, {
      // Held and hidden replies were never counted.
      reply_count: Math.max(0, thread.reply_count - (post.status === 'visible' ? 1 : 0)),
      ...(wasAccepted ? { accepted_post_id: null, answered_at: null } : {}),
    });
    const view: ThreadView = await threadView(tx, thread.id);
    await emit(post.board_id, { kind: 'post.removed', postId: post.id, thread: view });
    return { postId: post.id };
  });
}
