import type { ThreadView } from '@booth/shared';
import { absoluteTime, relativeTime } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetTranslator } from '../i18n/translator.js';
import type { BoardState } from '../state/board-store.js';

export interface ThreadListProps {
  tr: WidgetTranslator;
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

/** A relative time with the exact time for pointer users and the machine-readable value. */
export function timeAgo(iso: string, now: number, tr: WidgetTranslator): TemplateResult {
  return html`<time datetime=${iso} title=${absoluteTime(iso, tr)}>${relativeTime(iso, now, tr)}</time>`;
}

/** "May be out of date": the accepted answer predates the board's latest product release. */
export function outOfDateBadge(thread: ThreadView, tr: WidgetTranslator): TemplateResult | typeof nothing {
  if (!thread.answerStale) return nothing;
  return html` <span class="badge unanswered" part="badge badge-out-of-date" title=${tr.t('badge.outOfDateTitle')}
    >${tr.t('badge.outOfDate')}</span
  >`;
}

/** The state badge of a thread: held for review, answered, staff replied, or waiting for an answer. */
export function stateBadge(thread: ThreadView, tr: WidgetTranslator): TemplateResult | typeof nothing {
  // The only hidden threads a list gets are the viewer's own, held for review.
  if (thread.status === 'hidden') {
    return html`<span class="badge unanswered" part="badge badge-held">${tr.t('badge.held')}</span>`;
  }
  if (thread.kind === 'question' && thread.acceptedPostId !== null) {
    return html`<span class="badge answered" part="badge badge-answered">${tr.t('badge.answered')}</span>${outOfDateBadge(thread, tr)}`;
  }
  if (thread.staffReplied)
    return html`<span class="badge soft-staff" part="badge badge-staff-replied">${tr.t('badge.staffReplied')}</span>`;
  if (thread.kind === 'question' && thread.replyCount === 0) {
    return html`<span class="badge unanswered" part="badge badge-unanswered">${tr.t('badge.unanswered')}</span>`;
  }
  return nothing;
}

/** The kind, pinned and locked badges a thread shows in lists and when open. */
export function kindBadges(
  thread: ThreadView,
  tr: WidgetTranslator,
  state: TemplateResult | typeof nothing,
): TemplateResult {
  return html`<span class="badge">${tr.t(thread.kind === 'question' ? 'kind.question' : 'kind.discussion')}</span>
    ${state} ${thread.pinned ? html`<span class="badge">${tr.t('badge.pinned')}</span>` : nothing}
    ${thread.locked ? html`<span class="badge">${tr.t('badge.locked')}</span>` : nothing}`;
}

/** What a row needs besides its thread; search results pass their highlighted title and snippet. */
export interface ThreadItemOptions {
  tr: WidgetTranslator;
  openingId: string | null;
  now: number;
  onOpen(threadId: string): void;
  title?: TemplateResult;
  excerpt?: TemplateResult;
}

/** One row of a thread list: answer count, title (the button that opens it), excerpt and state. */
export function threadItem(thread: ThreadView, props: ThreadItemOptions): TemplateResult {
  const { tr } = props;
  const question = thread.kind === 'question';
  const accepted = question && thread.acceptedPostId !== null;
  const countClass = accepted ? 'accepted' : thread.replyCount > 0 ? 'has-replies' : '';
  const unit = tr.t(question ? 'list.answers' : 'list.replies', { count: thread.replyCount });
  const opening = props.openingId === thread.id;
  return html`
    <li class="thread-item ${thread.pinned ? 'pinned' : ''}" part="thread-item">
      <div class="count ${countClass}"><strong>${tr.number(thread.replyCount)}</strong>${unit}</div>
      <div class="thread-main">
        <h3 class="thread-title">
          <button
            type="button"
            class="open-thread"
            dir="auto"
            data-thread-id=${thread.id}
            aria-busy=${opening ? 'true' : 'false'}
            @click=${() => props.onOpen(thread.id)}
          >
            ${props.title ?? thread.title}
          </button>
        </h3>
        ${props.excerpt ?? (thread.excerpt ? html`<p class="excerpt"><bdi>${thread.excerpt}</bdi></p>` : nothing)}
        <div class="thread-meta">
          ${kindBadges(thread, tr, stateBadge(thread, tr))}
          <span>
            <bdi>${thread.author.name}</bdi> · ${timeAgo(thread.lastActivityAt, props.now, tr)} ·
            ${tr.t('list.votes', { count: thread.score })} ${opening ? ` · ${tr.t('list.opening')}` : ''}
          </span>
        </div>
      </div>
    </li>
  `;
}

/** Grey placeholder rows while the board loads; `label` names them for screen readers once words exist. */
export function loadingRows(label = ''): TemplateResult {
  const row = html`<div class="skeleton"><span></span><span></span><span></span></div>`;
  return html`<div aria-busy="true" aria-label=${label || nothing}>${row}${row}${row}</div>`;
}

function feedLink(url: string | null, tr: WidgetTranslator): TemplateResult | typeof nothing {
  if (url === null) return nothing;
  return html`<p class="feed-link">
    <a part="feed-link" href=${url} type="application/atom+xml" target="_blank" rel="noopener">${tr.t('list.feed')}</a>
  </p>`;
}

/** The board's threads in the chosen order, with "Load more", the feed link, and loading and empty states. */
export function threadList(props: ThreadListProps): TemplateResult {
  const { tr } = props;
  if (!props.loaded) return loadingRows(tr.t('list.loading'));
  const { threads, next, listing } = props.board;
  if (threads.length === 0 && listing.filter !== 'all') {
    return html`<div class="empty" part="empty"><strong>${tr.t('list.emptyFiltered')}</strong></div>`;
  }
  if (threads.length === 0) {
    return html`<div class="empty" part="empty">
      <strong>${tr.t('list.emptyTitle')}</strong>${tr.t('list.emptyText')}
    </div>${feedLink(props.feedUrl, tr)}`;
  }
  return html`
    <ul class="threads" part="thread-list" aria-label=${tr.t('list.label')}>
      ${threads.map((thread) => threadItem(thread, props))}
    </ul>
    ${
      next === null
        ? nothing
        : html`<div class="list-footer">
          <button type="button" class="btn" ?disabled=${props.loadingMore} @click=${props.onLoadMore}>
            ${tr.t(props.loadingMore ? 'common.loading' : 'list.loadMore')}
          </button>
        </div>`
    }
    ${feedLink(props.feedUrl, tr)}
  `;
}
