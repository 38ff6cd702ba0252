import type { PostView, ThreadView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import type { BoardController } from '../board-controller.js';
import type { WidgetKey, WidgetTranslator } from '../i18n/translator.js';
import type { ThreadState } from '../state/thread-store.js';
import { bodyProblem, emailProblem, nameProblem, reasonProblem, titleProblem } from '../validation.js';
import { composeForm, type FormField } from './compose-form.js';
import { Draft } from './draft.js';
import { type FollowField, followBar } from './follow-bar.js';
import { ImagePicker } from './image-picker.js';
import { MorePosts } from './more-posts.js';
import { namePrompt } from './name-prompt.js';
import type { PanelHost } from './panel-host.js';
import type { PostContext } from './post-item.js';
import { type ReportField, reportForm } from './report-form.js';
import { ShareControl } from './share-control.js';
import { threadView } from './thread-view.js';

export { formStyles } from '../styles/form.js';
// The thread's styles travel in this chunk; the board adopts them when it loads.
export { threadStyles } from '../styles/thread.js';

/** The payload of `booth-thread-change`. */
export interface ThreadChangeDetail {
  /** The open thread, or null when the viewer went back to the list. */
  threadId: string | null;
}

interface NamePromptState {
  postId: string;
  /** Why the name is asked for, in words of the board's language. */
  purpose: WidgetKey;
  draft: Draft<FormField>;
  afterJoin(): Promise<void>;
}

/**
 * The open thread's interactions: the reply forms, editing, deleting, voting, accepting and
 * reporting, each with its own little state (drafts, confirmations, errors), and the template
 * that puts them around the posts.
 */
export class ThreadPanel {
  private reply: Draft<FormField>;
  private nested: { parentId: string; draft: Draft<FormField> } | null = null;
  private editing: { post: PostView; draft: Draft<FormField> } | null = null;
  private confirmDelete: string | null = null;
  private postError: { postId: string; message: string } | null = null;
  private prompt: NamePromptState | null = null;
  private reporting: { post: PostView; draft: Draft<ReportField> } | null = null;
  private reported: ReadonlySet<string> = new Set();
  /** Follow request in flight, and the address form. */
  private followBusy = false;
  private emailDraft: Draft<FollowField> | null = null;
  private readonly share: ShareControl;
  private readonly images: ImagePicker;
  private readonly more: MorePosts;

  constructor(
    private readonly host: PanelHost,
    private readonly ctl: BoardController,
  ) {
    this.reply = this.newDraft();
    this.share = new ShareControl(host);
    this.images = new ImagePicker(host, ctl);
    this.more = new MorePosts(host, ctl);
  }

  /** Forgets every form and confirmation, e.g. when another thread opens. */
  reset(): void {
    this.nested = null;
    this.editing = null;
    this.confirmDelete = null;
    this.postError = null;
    this.prompt = null;
    this.emailDraft = null;
    this.share.reset();
    this.more.reset();
    this.reporting = null;
    this.reply = this.newDraft();
    this.host.requestUpdate();
  }

  render(open: ThreadState, now: number, tr: WidgetTranslator): TemplateResult {
    const ctl = this.ctl;
    const { thread } = open;
    const me = ctl.me;
    const canReply = ctl.canWrite && (!thread.locked || ctl.isStaff());
    const ctx: PostContext = {
      tr,
      thread,
      me,
      myVotes: open.myVotes,
      canAccept: thread.kind === 'question' && me !== null && (me.id === thread.author.id || ctl.isStaff()),
      canReply,
      now,
      editing: this.editing ? { postId: this.editing.post.id, form: this.renderEditForm(this.editing, tr) } : null,
      replying: this.nested ? { postId: this.nested.parentId, form: this.renderNestedForm(this.nested, tr) } : null,
      reporting: this.reporting
        ? { postId: this.reporting.post.id, form: this.renderReportForm(this.reporting, tr) }
        : null,
      reported: this.reported,
      namePrompt: this.prompt ? { postId: this.prompt.postId, form: this.renderNamePrompt(this.prompt, tr) } : null,
      confirmingDelete: this.confirmDelete,
      postError: this.postError,
      onVote: (post, value) => this.onVote(post, value),
      onAccept: (post, accept) => this.onAccept(post, accept),
      onReply: (post) => this.onReplyTo(post),
      onEdit: (post) => this.onEdit(post),
      onDelete: (post) => this.onDelete(post),
      onReport: (post) => this.onReport(post),
      onConfirmDelete: (post) => this.onConfirmDelete(post),
      onCancelDelete: () => this.onCancelDelete(),
    };
    return threadView({
      state: open,
      post: ctx,
      more: this.more.render(open, tr),
      replyForm: this.renderReplyForm(thread, canReply, tr),
      staffTyping: ctl.staffTypingIn === thread.id,
      share: this.share.render(thread),
      followBar: ctl.canWrite
        ? followBar({
            tr,
            question: thread.kind === 'question',
            following: open.following,
            waiting: thread.waiting,
            busy: this.followBusy,
            email: open.email ?? null,
            emailDraft: this.emailDraft,
            withName: ctl.needsName,
            onFollow: () => void this.onFollow(thread.id, true),
            onUnfollow: () => void this.onFollow(thread.id, false),
            onAskEmail: () => this.openEmailForm(),
            onSubmitEmail: () => void this.onSubmitEmail(thread.id),
            onCancelEmail: () => this.closeEmailForm(),
          })
        : nothing,
    });
  }

  private openEmailForm(): void {
    this.emailDraft = new Draft<FollowField>(
      { email: '', name: '' },
      () => this.host.requestUpdate(),
      (error) => this.host.describe(error),
    );
    this.host.requestUpdate();
    this.host.focusOn(this.ctl.needsName ? '#follow-name' : '#follow-email');
  }

  private closeEmailForm(): void {
    this.emailDraft = null;
    this.host.requestUpdate();
    this.host.focusOn('.follow-bar .btn');
  }

  private async onFollow(threadId: string, follow: boolean): Promise<void> {
    // A visitor without a name gives one (and an address) in the form first.
    if (follow && this.ctl.needsName) {
      this.openEmailForm();
      return;
    }
    this.followBusy = true;
    this.host.requestUpdate();
    try {
      await this.ctl.loadWrites().then((w) => w.follow(threadId, follow, newKey()));
      this.ctl.announce(this.host.t(follow ? 'follow.nowFollowing' : 'follow.stopped'));
    } catch (error) {
      this.ctl.announce(this.host.describe(error));
    } finally {
      this.followBusy = false;
      this.host.requestUpdate();
    }
  }

  private async onSubmitEmail(threadId: string): Promise<void> {
    const draft = this.emailDraft;
    if (!draft) return;
    const { email, name } = draft.values;
    const sent = await draft.submit(
      () => ({
        email: emailProblem(email, this.host),
        name: this.ctl.needsName ? nameProblem(name, this.host) : undefined,
      }),
      async () => {
        await this.ctl.loadWrites().then((w) => w.ensureIdentity(name.trim()));
        await this.ctl.loadWrites().then((w) => w.follow(threadId, true, draft.key, email.trim()));
      },
    );
    if (!sent) return;
    this.emailDraft = null;
    this.host.requestUpdate();
    this.host.focusOn('.follow-bar .btn');
  }

  private renderReplyForm(thread: ThreadView, canReply: boolean, tr: WidgetTranslator): TemplateResult {
    const question = thread.kind === 'question';
    if (!canReply) {
      return html`<p class="notice">${tr.t(thread.locked ? 'notice.locked' : 'notice.signInToReply')}</p>`;
    }
    const heading = tr.t(question ? 'reply.answerHeading' : 'reply.replyHeading');
    return html`<div class="reply-box">
      ${composeForm({
        tr,
        draft: this.reply,
        id: 'reply',
        label: heading,
        heading,
        headingLevel: 4,
        withTitle: false,
        withName: this.ctl.needsName,
        bodyLabel: tr.t(question ? 'reply.answerField' : 'reply.replyField'),
        submitLabel: tr.t(question ? 'reply.postAnswer' : 'reply.postReply'),
        compact: true,
        onSubmit: () => this.onSubmitReply(),
        onType: () => this.ctl.reportTyping(thread.id),
        images: this.images.forForm('reply', this.reply),
      })}
    </div>`;
  }

  private renderNestedForm(
    nested: { parentId: string; draft: Draft<FormField> },
    tr: WidgetTranslator,
  ): TemplateResult {
    return composeForm({
      tr,
      draft: nested.draft,
      id: 'nested',
      label: tr.t('reply.nestedLabel'),
      withTitle: false,
      withName: this.ctl.needsName,
      bodyLabel: tr.t('reply.replyHeading'),
      submitLabel: tr.t('reply.postReply'),
      compact: true,
      onSubmit: () => this.onSubmitNested(),
      images: this.images.forForm('nested', nested.draft),
      onType: () => {
        if (this.ctl.thread) this.ctl.reportTyping(this.ctl.thread.thread.id);
      },
      onCancel: () => this.update(() => (this.nested = null)),
    });
  }

  private renderEditForm(editing: { post: PostView; draft: Draft<FormField> }, tr: WidgetTranslator): TemplateResult {
    return composeForm({
      tr,
      draft: editing.draft,
      id: 'edit',
      label: tr.t('edit.label'),
      withTitle: editing.post.root,
      withName: false,
      bodyLabel: tr.t('edit.bodyLabel'),
      submitLabel: tr.t('common.save'),
      compact: true,
      onSubmit: () => this.onSubmitEdit(),
      images: this.images.forForm('edit', editing.draft),
      onCancel: () => this.onCancelEdit(),
    });
  }

  private renderReportForm(
    reporting: { post: PostView; draft: Draft<ReportField> },
    tr: WidgetTranslator,
  ): TemplateResult {
    return reportForm({
      tr,
      draft: reporting.draft,
      postId: reporting.post.id,
      onSubmit: () => this.onSubmitReport(),
      onCancel: () => this.onCancelReport(),
    });
  }

  private renderNamePrompt(prompt: NamePromptState, tr: WidgetTranslator): TemplateResult {
    return namePrompt({
      tr,
      draft: prompt.draft,
      id: 'name-prompt',
      label: tr.t('namePrompt.label'),
      intro: tr.t(prompt.purpose),
      submitLabel: tr.t('common.continue'),
      onSubmit: () => this.onSubmitName(),
      onCancel: () => this.onCancelName(),
    });
  }

  private newDraft(values: Partial<Record<FormField, string>> = {}): Draft<FormField> {
    return new Draft<FormField>(
      { title: '', body: '', name: '', ...values },
      () => this.host.requestUpdate(),
      (error) => this.host.describe(error),
    );
  }

  /** Changes some state, then renders. */
  private update(change: () => unknown): void {
    change();
    this.host.requestUpdate();
  }

  private nameProblem(draft: Draft<FormField>): string | undefined {
    return this.ctl.needsName ? nameProblem(draft.values.name, this.host) : undefined;
  }

  private async onSubmitReply(): Promise<void> {
    const thread = this.ctl.thread?.thread;
    const draft = this.reply;
    if (!thread) return;
    const { body, name } = draft.values;
    const sent = await draft.submit(
      () => ({ body: bodyProblem(body, this.host) ?? this.images.problem(draft), name: this.nameProblem(draft) }),
      async () => {
        await this.ctl.loadWrites().then((w) => w.ensureIdentity(name.trim()));
        await this.ctl.loadWrites().then((w) => w.reply(thread.id, null, body.trim(), draft.key, draft.composeMs));
      },
    );
    if (sent && this.reply === draft) this.update(() => (this.reply = this.newDraft()));
  }

  private onReplyTo(post: PostView): void {
    if (this.host.needsSignIn('reply')) return;
    this.update(() => (this.nested = { parentId: post.id, draft: this.newDraft() }));
    this.host.focusOn('#nested-body');
  }

  private async onSubmitNested(): Promise<void> {
    const nested = this.nested;
    const thread = this.ctl.thread?.thread;
    if (!nested || !thread) return;
    const { draft } = nested;
    const { body, name } = draft.values;
    const sent = await draft.submit(
      () => ({ body: bodyProblem(body, this.host) ?? this.images.problem(draft), name: this.nameProblem(draft) }),
      async () => {
        await this.ctl.loadWrites().then((w) => w.ensureIdentity(name.trim()));
        await this.ctl
          .loadWrites()
          .then((w) => w.reply(thread.id, nested.parentId, body.trim(), draft.key, draft.composeMs));
      },
    );
    if (sent && this.nested === nested) this.update(() => (this.nested = null));
  }

  private onEdit(post: PostView): void {
    const title = post.root ? (this.ctl.thread?.thread.title ?? '') : '';
    this.update(() => {
      this.editing = { post, draft: this.newDraft({ title, body: post.source }) };
      this.confirmDelete = null;
    });
    this.host.focusOn(post.root ? '#edit-title' : '#edit-body');
  }

  private onCancelEdit(): void {
    const postId = this.editing?.post.id;
    this.update(() => (this.editing = null));
    this.host.focusOn(`#post-${postId} .post-actions .link`);
  }

  private async onSubmitEdit(): Promise<void> {
    const editing = this.editing;
    if (!editing) return;
    const { post, draft } = editing;
    const { title, body } = draft.values;
    const sent = await draft.submit(
      () => ({
        title: post.root ? titleProblem(title, this.host) : undefined,
        body: bodyProblem(body, this.host) ?? this.images.problem(draft),
      }),
      () =>
        this.ctl
          .loadWrites()
          .then((w) => w.edit(post.id, body.trim(), post.root ? title.trim() : undefined, draft.key)),
    );
    if (sent && this.editing === editing) {
      this.update(() => (this.editing = null));
      this.host.focusOn(`#post-${post.id}`);
    }
  }

  private onDelete(post: PostView): void {
    this.update(() => {
      this.confirmDelete = post.id;
      this.postError = null;
    });
    this.host.focusOn(`#post-${post.id} .confirm .btn`);
  }

  private onCancelDelete(): void {
    const postId = this.confirmDelete;
    this.update(() => (this.confirmDelete = null));
    this.host.focusOn(`#post-${postId} .post-actions .link`);
  }

  private async onConfirmDelete(post: PostView): Promise<void> {
    this.update(() => (this.confirmDelete = null));
    await this.runPostAction(post.id, () => this.ctl.loadWrites().then((w) => w.remove(post.id, newKey())));
    if (post.root && this.ctl.thread === null) {
      this.host.fire<ThreadChangeDetail>('booth-thread-change', { threadId: null });
      this.host.focusOn('.actions .btn');
    }
  }

  private onReport(post: PostView): void {
    this.withIdentity('report', 'namePrompt.toReport', post.id, async () => {
      this.update(() => {
        this.reporting = {
          post,
          draft: new Draft<ReportField>(
            { reason: '', details: '' },
            () => this.host.requestUpdate(),
            (error) => this.host.describe(error),
          ),
        };
      });
      this.host.focusOn(`#report-${post.id}-first`);
    });
  }

  private onCancelReport(): void {
    const postId = this.reporting?.post.id;
    this.update(() => (this.reporting = null));
    this.host.focusOn(`#post-${postId} .report-link`);
  }

  private async onSubmitReport(): Promise<void> {
    const reporting = this.reporting;
    if (!reporting) return;
    const { post, draft } = reporting;
    const { reason, details } = draft.values;
    const text = details.trim() ? `${reason}: ${details.trim()}` : reason;
    const sent = await draft.submit(
      () => ({ reason: reason ? reasonProblem(text, this.host) : this.host.t('report.chooseReason') }),
      () => this.ctl.loadWrites().then((w) => w.report(post.id, text, draft.key)),
    );
    if (!sent || this.reporting !== reporting) return;
    this.update(() => {
      this.reporting = null;
      this.reported = new Set([...this.reported, post.id]);
    });
    this.host.focusOn(`#post-${post.id}`);
  }

  private onVote(post: PostView, value: -1 | 1): void {
    const current = this.ctl.thread?.myVotes[post.id] ?? 0;
    const next = current === value ? 0 : value;
    this.withIdentity('vote', 'namePrompt.toVote', post.id, () =>
      this.ctl.loadWrites().then((w) => w.vote(post.id, next, newKey())),
    );
  }

  private onAccept(post: PostView, accept: boolean): void {
    const thread = this.ctl.thread?.thread;
    if (!thread) return;
    this.withIdentity('accept', 'namePrompt.toAccept', post.id, () =>
      this.ctl.loadWrites().then((w) => w.accept(thread.id, accept ? post.id : null, newKey())),
    );
  }

  /** Runs a post action now, or after the visitor picked a display name. */
  private withIdentity(kind: string, purpose: WidgetKey, postId: string, action: () => Promise<void>): void {
    this.update(() => (this.postError = null));
    if (this.ctl.me) {
      void this.runPostAction(postId, action);
    } else if (!this.host.needsSignIn(kind)) {
      this.update(() => {
        this.prompt = { postId, purpose, draft: this.newDraft(), afterJoin: () => this.runPostAction(postId, action) };
      });
      this.host.focusOn('#name-prompt-name');
    }
  }

  private async runPostAction(postId: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.update(() => (this.postError = { postId, message: this.host.describe(error) }));
    }
  }

  private async onSubmitName(): Promise<void> {
    const prompt = this.prompt;
    if (!prompt) return;
    const { name } = prompt.draft.values;
    const sent = await prompt.draft.submit(
      () => ({ name: nameProblem(name, this.host) }),
      () => this.ctl.loadWrites().then((w) => w.ensureIdentity(name.trim())),
    );
    if (!sent) return;
    this.update(() => (this.prompt = null));
    await prompt.afterJoin();
  }

  private onCancelName(): void {
    const postId = this.prompt?.postId;
    this.update(() => (this.prompt = null));
    this.host.focusOn(`#post-${postId} .post-actions button`);
  }
}
