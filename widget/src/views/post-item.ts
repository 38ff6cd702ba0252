import type { MemberView, PostView, ThreadView } from '@booth/shared';
import { absoluteTime } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import { timeAgo } from './thread-list.js';

/** What a post needs to know about the viewer and the thread, and what it can ask for. */
export interface PostContext {
  tr: WidgetTranslator;
  thread: ThreadView;
  me: MemberView | null;
  myVotes: Readonly<Record<string, number>>;
  /** The viewer may accept answers here (asker or staff, on a question). */
  canAccept: boolean;
  /** The viewer may reply (thread open, or viewer is staff). */
  canReply: boolean;
  now: number;
  /** The edit form, for the post being edited. */
  editing: { postId: string; form: TemplateResult } | null;
  /** The nested reply form, under the reply it answers. */
  replying: { postId: string; form: TemplateResult } | null;
  /** The post whose deletion awaits confirmation. */
  confirmingDelete: string | null;
  /** The report form, under the post being reported. */
  reporting: { postId: string; form: TemplateResult } | null;
  /** The display-name prompt, under the post whose action needs an identity. */
  namePrompt: { postId: string; form: TemplateResult } | null;
  /** Posts the viewer reported during this visit. */
  reported: ReadonlySet<string>;
  /** A refused action on a post (vote, accept, delete), shown under it. */
  postError: { postId: string; message: string } | null;
  onVote(post: PostView, value: -1 | 1): void;
  onAccept(post: PostView, accept: boolean): void;
  onReply(post: PostView): void;
  onEdit(post: PostView): void;
  onDelete(post: PostView): void;
  onReport(post: PostView): void;
  onConfirmDelete(post: PostView): void;
  onCancelDelete(): void;
}

const isStaff = (member: MemberView) => member.role === 'staff' || member.role === 'owner';

function avatar(member: MemberView): TemplateResult {
  if (member.avatarUrl) return html`<img class="avatar" src=${member.avatarUrl} alt="" loading="lazy" />`;
  const initials = member.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return html`<span class="avatar ${isStaff(member) ? 'staff' : ''}" aria-hidden="true">${initials || '?'}</span>`;
}

function byline(post: PostView, ctx: PostContext): TemplateResult {
  const { tr } = ctx;
  const author = post.author;
  return html`
    <div class="byline">
      ${avatar(author)}
      <span class="author"><bdi>${author.name}</bdi></span>
      ${isStaff(author) ? html`<span class="badge staff" part="badge staff-badge">${tr.t('badge.staff')}</span>` : nothing}
      ${author.guest ? html`<span class="badge">${tr.t('badge.guest')}</span>` : nothing}
      ${!post.root && author.id === ctx.thread.author.id ? html`<span class="badge">${tr.t('badge.asker')}</span>` : nothing}
      <span class="muted when">${timeAgo(post.createdAt, ctx.now, tr)}</span>
      ${
        post.editedAt
          ? html`<span class="muted when" title=${absoluteTime(post.editedAt, tr)}>· ${tr.t('post.edited')}</span>`
          : nothing
      }
      ${
        post.status === 'pending'
          ? html`<span class="badge unanswered" title=${tr.t('badge.heldTitle')}>${tr.t('badge.held')}</span>`
          : nothing
      }
    </div>
  `;
}

function votes(post: PostView, ctx: PostContext): TemplateResult {
  const { tr } = ctx;
  const mine = ctx.myVotes[post.id] ?? 0;
  const own = post.author.id === ctx.me?.id;
  const title = own ? tr.t('post.ownVote') : '';
  return html`
    <div class="votes" role="group" aria-label=${tr.t('post.votes')}>
      <button
        type="button"
        class="vote up"
        part="vote-button"
        aria-label=${tr.t('post.upvote')}
        aria-pressed=${mine === 1 ? 'true' : 'false'}
        title=${title || tr.t('post.upvoteTitle')}
        ?disabled=${own}
        @click=${() => ctx.onVote(post, 1)}
      >
        ▲
      </button>
      <span class="score" aria-label=${tr.t('post.score', { score: post.score })}>${tr.number(post.score)}</span>
      <button
        type="button"
        class="vote down"
        part="vote-button"
        aria-label=${tr.t('post.downvote')}
        aria-pressed=${mine === -1 ? 'true' : 'false'}
        title=${title || tr.t('post.downvoteTitle')}
        ?disabled=${own}
        @click=${() => ctx.onVote(post, -1)}
      >
        ▼
      </button>
    </div>
  `;
}

function actions(post: PostView, ctx: PostContext, accepted: boolean): TemplateResult {
  const { tr } = ctx;
  const mine = post.author.id === ctx.me?.id && ctx.me !== null;
  if (ctx.confirmingDelete === post.id) {
    return html`
      <div class="post-actions confirm" role="group" aria-label=${tr.t('post.confirmDelete')}>
        <span>${tr.t(post.root ? 'post.deleteThread' : 'post.deleteReply')}</span>
        <button type="button" class="btn danger" @click=${() => ctx.onConfirmDelete(post)}>${tr.t('post.delete')}</button>
        <button type="button" class="btn" @click=${ctx.onCancelDelete}>${tr.t('post.keep')}</button>
      </div>
    `;
  }
  // Answers are top-level replies; nested ones are comments on an answer.
  const acceptable = ctx.canAccept && !post.root && post.parentId === null && post.status === 'visible';
  return html`
    <div class="post-actions">
      ${votes(post, ctx)}
      ${
        acceptable
          ? html`<button
            type="button"
            class="link accept ${accepted ? 'on' : ''}"
            part="accept-button"
            aria-pressed=${accepted ? 'true' : 'false'}
            @click=${() => ctx.onAccept(post, !accepted)}
          >
            ${tr.t(accepted ? 'post.unaccept' : 'post.accept')}
          </button>`
          : nothing
      }
      ${
        ctx.canReply && !post.root && post.parentId === null
          ? html`<button type="button" class="link" @click=${() => ctx.onReply(post)}>${tr.t('post.reply')}</button>`
          : nothing
      }
      ${mine ? html`<button type="button" class="link" @click=${() => ctx.onEdit(post)}>${tr.t('post.edit')}</button>` : nothing}
      ${mine ? html`<button type="button" class="link" @click=${() => ctx.onDelete(post)}>${tr.t('post.delete')}</button>` : nothing}
      ${
        mine || post.status !== 'visible'
          ? nothing
          : ctx.reported.has(post.id)
            ? html`<span class="muted reported">${tr.t('post.reported')}</span>`
            : html`<button type="button" class="link report-link" @click=${() => ctx.onReport(post)}>
              ${tr.t('post.report')}
            </button>`
      }
    </div>
  `;
}

/**
 * One post: byline with Staff badge, the server-sanitized body, votes and the actions the viewer
 * may take. `children` are the nested replies shown under a top-level reply.
 */
export function postItem(
  post: PostView,
  ctx: PostContext,
  children: TemplateResult | typeof nothing = nothing,
): TemplateResult {
  const { tr } = ctx;
  const accepted = ctx.thread.acceptedPostId === post.id;
  const label = post.root ? 'post.questionBy' : accepted ? 'post.answerBy' : 'post.replyBy';
  const editing = ctx.editing?.postId === post.id;
  const classes = ['post', post.root ? 'root' : '', accepted ? 'accepted' : '', isStaff(post.author) ? 'by-staff' : '']
    .filter(Boolean)
    .join(' ');
  return html`
    <article
      class=${classes}
      part=${accepted ? 'post post-accepted' : 'post'}
      id="post-${post.id}"
      aria-label=${tr.t(label, { name: post.author.name })}
    >
      ${accepted ? html`<p class="accepted-label" part="accepted-label">${tr.t('post.accepted')}</p>` : nothing}
      ${byline(post, ctx)}
      ${
        editing
          ? ctx.editing?.form
          : // The server renders Markdown and sanitizes it with an allowlist; only this field is HTML.
            html`
            <div class="body" part="post-body" dir="auto">${unsafeHTML(post.html)}</div>
            ${actions(post, ctx, accepted)}
          `
      }
      ${ctx.namePrompt?.postId === post.id ? ctx.namePrompt.form : nothing}
      ${ctx.reporting?.postId === post.id ? ctx.reporting.form : nothing}
      ${ctx.postError?.postId === post.id ? html`<p class="error-text" role="alert">${ctx.postError.message}</p>` : nothing}
      ${children}
      ${ctx.replying?.postId === post.id ? html`<div class="nested-form">${ctx.replying.form}</div>` : nothing}
    </article>
  `;
}
