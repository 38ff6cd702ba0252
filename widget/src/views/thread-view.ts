import { html, nothing, type TemplateResult } from 'lit';
import { withParts } from '../i18n/parts.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import { arrangeThread, type ThreadState } from '../state/thread-store.js';
import { type PostContext, postItem } from './post-item.js';
import { kindBadges, outOfDateBadge, timeAgo } from './thread-list.js';

export interface ThreadViewProps {
  state: ThreadState;
  post: PostContext;
  /** What loads the thread's next page of posts, while one follows. */
  more: TemplateResult | typeof nothing;
  /** The reply form at the end of the thread, or a note saying why there is none. */
  replyForm: TemplateResult | typeof nothing;
  /** Staff are typing a reply in this thread. */
  staffTyping: boolean;
  /** The Share button. */
  share: TemplateResult;
  /** Notify me / I have this question too. */
  followBar: TemplateResult | typeof nothing;
}

function repliesHeading(count: number, question: boolean, tr: WidgetTranslator): string {
  if (count === 0) return tr.t(question ? 'thread.noAnswers' : 'thread.noReplies');
  return tr.t(question ? 'thread.answers' : 'thread.replies', { count });
}

/** An open thread: title and state, the opening post, then replies with the accepted answer first. */
export function threadView(props: ThreadViewProps): TemplateResult {
  const { state, post: ctx } = props;
  const { tr } = ctx;
  const { thread } = state;
  const { root, groups } = arrangeThread(state);
  const question = thread.kind === 'question';
  // Counted from the posts shown once all are loaded (the viewer's held ones among them); before, the thread's count.
  const replies = state.next === null ? groups.reduce((n, g) => n + 1 + g.children.length, 0) : thread.replyCount;
  // The author's own thread, held by pre-moderation: only they see it, and nobody can reply yet.
  const held = thread.status === 'hidden' && root?.status === 'pending';
  return html`
    <section class="thread" part="thread" aria-labelledby="thread-title">
      <header class="thread-header">
        <div class="thread-badges">
          ${kindBadges(
            thread,
            tr,
            question && thread.acceptedPostId
              ? html`<span class="badge answered" part="badge badge-answered">${tr.t('badge.answered')}</span>${outOfDateBadge(thread, tr)}`
              : nothing,
          )}
        </div>
        <h3 id="thread-title" class="thread-heading" tabindex="-1"><bdi>${thread.title}</bdi></h3>
        <p class="muted small">
          ${withParts(tr.t(question ? 'thread.askedBy' : 'thread.startedBy'), {
            name: html`<bdi>${thread.author.name}</bdi>`,
            when: timeAgo(thread.lastActivityAt, ctx.now, tr),
          })}
        </p>
        ${held || state.removed ? nothing : props.share}
        ${held || state.removed ? nothing : props.followBar}
      </header>
      ${
        held
          ? html`<p class="notice" role="status" part="held-notice">
            ${tr.t(question ? 'thread.heldQuestion' : 'thread.heldDiscussion')}
          </p>`
          : nothing
      }
      ${
        state.removed
          ? html`<p class="notice" role="status">${tr.t('thread.removed')}</p>`
          : html`
            ${root ? postItem(root, ctx) : nothing}
            ${held ? nothing : html`<h4 class="replies-heading">${repliesHeading(replies, question, tr)}</h4>`}
            <div class="replies">
              ${groups.map((group) =>
                postItem(
                  group.post,
                  ctx,
                  group.children.length > 0
                    ? html`<div class="children">${group.children.map((child) => postItem(child, ctx))}</div>`
                    : nothing,
                ),
              )}
            </div>
            ${props.more}
            ${
              props.staffTyping
                ? html`<p class="typing" part="staff-typing" role="status"><span aria-hidden="true"></span>${tr.t('thread.staffTyping')}</p>`
                : nothing
            }
            ${held ? nothing : props.replyForm}
          `
      }
    </section>
  `;
}
