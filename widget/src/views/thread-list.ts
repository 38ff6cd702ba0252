import type { ThreadView } from '@booth/shared';
import { absoluteTime, relativeTime } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import type { BoardState } from '../state/board-store.js';

export interface ThreadListProps {
  board: BoardState;
  /** False until the first snapshot arrived. */
  loaded: boolean;
  loadingMore: boolean;
  /** Id of the thread being opened, to mark its row busy. */
  openingId: string | null;
  now: number;
  onOpen(threadId: string): void;
  onLoadMore(): void;
  /** The board's Atom feed, linked under the list for people who follow without an account. */
  feedUrl: string | null;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A relative time with the exact time for pointer users and the machine-readable value. */
export function timeAgo(iso: string, now: number): TemplateResult {
  return html`<time datetime=${iso} title=${absoluteTime(iso)}>${relativeTime(iso, now)}</time>`;
}

/** The state badge of a thread: held for review, answered, staff replied, or waiting for an answer. */
export function stateBadge(thread: ThreadView): TemplateResult | typeof nothing {
  // The only hidden threads a list gets are the viewer's own, held for review.
  if (thread.status === 'hidden') {
    return html`<span class="badge unanswered" part="badge badge-held">Awaiting review · only you can see this</span>`;
  }
  if (thread.kind === 'question' && thread.acceptedPostId !== null) {
    return html`<span class="badge answered" part="badge badge-answered">✓ Answered</span>`;
  }
  if (thread.staffReplied)
    return html`<span class="badge soft-staff" part="badge badge-staff-replied">Staff replied</span>`;
  if (thread.kind === 'question' && thread.replyCount === 0) {
    return html`<span class="badge unanswered" part="badge badge-unanswered">Unanswered</span>`;
  }
  return nothing;
}

/** What a row needs besides its thread; search results pass their highlighted title and snippet. */
export interface ThreadItemOptions {
  openingId: string | null;
  now: number;
  onOpen(threadId: string): void;
  title?: TemplateResult;
  excerpt?: TemplateResult;
}

/** One row of a thread list: answer count, title (the button that opens it), excerpt and state. */
export function threadItem(thread: ThreadView, props: ThreadItemOptions): TemplateResult {
  const question = thread.kind === 'question';
  const accepted = question && thread.acceptedPostId !== null;
  const countClass = accepted ? 'accepted' : thread.replyCount > 0 ? 'has-replies' : '';
  const unit = question
    ? thread.replyCount === 1
      ? 'answer'
      : 'answers'
    : thread.replyCount === 1
      ? 'reply'
      : 'replies';
  const opening = props.openingId === thread.id;
  return html`
    <li class="thread-item ${thread.pinned ? 'pinned' : ''}" part="thread-item">
      <div class="count ${countClass}"><strong>${thread.replyCount}</strong>${unit}</div>
      <div class="thread-main">
        <h3 class="thread-title">
          <button
            type="button"
            class="open-thread"
            data-thread-id=${thread.id}
            aria-busy=${opening ? 'true' : 'false'}
            @click=${() => props.onOpen(thread.id)}
          >
            ${props.title ?? thread.title}
          </button>
        </h3>
        ${props.excerpt ?? (thread.excerpt ? html`<p class="excerpt">${thread.excerpt}</p>` : nothing)}
        <div class="thread-meta">
          <span class="badge">${question ? 'Question' : 'Discussion'}</span>
          ${stateBadge(thread)} ${thread.pinned ? html`<span class="badge">Pinned</span>` : nothing}
          ${thread.locked ? html`<span class="badge">Locked</span>` : nothing}
          <span>
            <bdi>${thread.author.name}</bdi> · ${timeAgo(thread.lastActivityAt, props.now)} · ${count(thread.score, 'vote', 'votes')}
            ${opening ? ' · Opening…' : ''}
          </span>
        </div>
      </div>
    </li>
  `;
}

function skeleton(): TemplateResult {
  const row = html`<div class="skeleton"><span></span><span></span><span></span></div>`;
  return html`<div aria-busy="true" aria-label="Loading threads">${row}${row}${row}</div>`;
}

function feedLink(url: string | null): TemplateResult | typeof nothing {
  if (url === null) return nothing;
  return html`<p class="feed-link">
    <a part="feed-link" href=${url} type="application/atom+xml" target="_blank" rel="noopener">Follow this board by feed</a>
  </p>`;
}

/** The board's threads, newest activity first, with "Load more", the feed link, and loading and empty states. */
export function threadList(props: ThreadListProps): TemplateResult {
  if (!props.loaded) return skeleton();
  const { threads, next } = props.board;
  if (threads.length === 0) {
    return html`<div class="empty" part="empty">
      <strong>No questions yet</strong>Be the first to ask — the community and our team will answer here.
    </div>${feedLink(props.feedUrl)}`;
  }
  return html`
    <ul class="threads" part="thread-list" aria-label="Threads">
      ${threads.map((thread) => threadItem(thread, props))}
    </ul>
    ${
      next === null
        ? nothing
        : html`<div class="list-footer">
          <button type="button" class="btn" ?disabled=${props.loadingMore} @click=${props.onLoadMore}>
            ${props.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>`
    }
    ${feedLink(props.feedUrl)}
  `;
}
