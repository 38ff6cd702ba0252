import type { ThreadKind } from '@booth/shared';
import { nothing, type TemplateResult } from 'lit';
import type { BoardController } from '../board-controller.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import { bodyProblem, nameProblem, titleProblem } from '../validation.js';
import { composeForm, type FormField } from './compose-form.js';
import { Draft } from './draft.js';
import { ImagePicker } from './image-picker.js';
import { namePrompt } from './name-prompt.js';
import type { PanelHost } from './panel-host.js';

export { formStyles } from '../styles/form.js';

/** What the board's own forms need from the board besides the `PanelHost`. */
export interface BoardFormsHost extends PanelHost {
  /** Search and similar questions under a question's title, when their chunk is in. */
  suggestions(tr: WidgetTranslator): TemplateResult | typeof nothing;
  /** The question's title changed: look up similar questions. */
  onTitle(title: string): void;
}

/**
 * The list's forms: asking a question or starting a discussion, and a guest's new display name.
 * They are a chunk of their own (with drafts, field checks, the picture picker and form styles),
 * fetched once the list shows, so the first paint carries only the list; the board renders them
 * from here and keeps what follows a post (opening the new thread) itself.
 */
export class BoardForms {
  /** The open question or discussion form. */
  compose: { kind: ThreadKind; draft: Draft<FormField> } | null = null;
  /** The guest's new display name, while they change it. */
  rename: Draft<'name'> | null = null;
  private readonly images: ImagePicker;

  constructor(
    private readonly host: BoardFormsHost,
    private readonly ctl: BoardController,
  ) {
    this.images = new ImagePicker(host, ctl);
  }

  private draft<F extends string>(values: Record<F, string>): Draft<F> {
    return new Draft<F>(
      values,
      () => this.host.requestUpdate(),
      (error) => this.host.describe(error),
    );
  }

  /** Opens the form for a new thread of `kind` and focuses its title. */
  startThread(kind: ThreadKind): void {
    this.compose = { kind, draft: this.draft<FormField>({ title: '', body: '', name: '' }) };
    this.host.requestUpdate();
    this.host.focusOn('#compose-title');
  }

  closeThread(): void {
    this.compose = null;
    this.host.requestUpdate();
  }

  /** Checks and posts the open form; true once the thread exists (it is then the controller's open thread). */
  async submitThread(): Promise<boolean> {
    const compose = this.compose;
    if (!compose) return false;
    const { draft, kind } = compose;
    const { title, body, name } = draft.values;
    const sent = await draft.submit(
      () => ({
        title: titleProblem(title, this.host),
        body: bodyProblem(body, this.host) ?? this.images.problem(draft),
        name: this.ctl.needsName ? nameProblem(name, this.host) : undefined,
      }),
      async () => {
        await this.ctl.loadWrites().then((w) => w.ensureIdentity(name.trim()));
        await this.ctl
          .loadWrites()
          .then((w) => w.createThread(kind, title.trim(), body.trim(), draft.key, draft.composeMs));
      },
    );
    if (sent && this.compose === compose) this.closeThread();
    return sent;
  }

  /** The open question or discussion form, or nothing. */
  renderCompose(tr: WidgetTranslator, onSubmit: () => void, onCancel: () => void): TemplateResult | typeof nothing {
    const compose = this.compose;
    if (!compose) return nothing;
    const question = compose.kind === 'question';
    return composeForm({
      tr,
      draft: compose.draft,
      id: 'compose',
      label: tr.t(question ? 'header.ask' : 'header.discuss'),
      heading: tr.t(question ? 'header.ask' : 'header.discuss'),
      withTitle: true,
      withName: this.ctl.needsName,
      titleLabel: tr.t(question ? 'ask.titleLabel' : 'discuss.titleLabel'),
      bodyLabel: tr.t(question ? 'ask.bodyLabel' : 'discuss.bodyLabel'),
      bodyPlaceholder: question ? tr.t('ask.bodyPlaceholder') : '',
      submitLabel: tr.t(question ? 'ask.submit' : 'discuss.submit'),
      onSubmit,
      onCancel,
      images: this.images.forForm('compose', compose.draft),
      ...(question
        ? { onTitle: (title: string) => this.host.onTitle(title), afterTitle: this.host.suggestions(tr) }
        : {}),
    });
  }

  /** Opens the form that changes the guest's display name. */
  startRename(): void {
    this.rename = this.draft<'name'>({ name: this.ctl.me?.name ?? '' });
    this.host.requestUpdate();
    this.host.focusOn('#rename-name');
  }

  private closeRename(): void {
    this.rename = null;
    this.host.requestUpdate();
    this.host.focusOn('.who .link');
  }

  private async saveName(): Promise<void> {
    const draft = this.rename;
    if (!draft) return;
    const name = draft.values.name;
    const saved = await draft.submit(
      () => ({ name: nameProblem(name, this.host) }),
      () => this.ctl.loadWrites().then((w) => w.rename(name.trim(), draft.key)),
    );
    if (saved && this.rename === draft) this.closeRename();
  }

  /** The guest's name form in the header, while it is open. */
  renderRename(tr: WidgetTranslator): TemplateResult | null {
    if (!this.rename) return null;
    // The same guest under another name, under the same rules as their first one.
    return namePrompt({
      tr,
      draft: this.rename,
      id: 'rename',
      label: tr.t('header.changeName'),
      submitLabel: tr.t('common.save'),
      onSubmit: () => void this.saveName(),
      onCancel: () => this.closeRename(),
    });
  }
}
