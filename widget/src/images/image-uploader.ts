import { IMAGE_LIMITS, type ImageTicket, type ImageUpload } from '@booth/shared';
import { uploadImage } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import type { BoardController } from '../board-controller.js';
import { nameProblem } from '../validation.js';
import type { FormField } from '../views/compose-form.js';
import type { Draft } from '../views/draft.js';
import type { PanelHost } from '../views/panel-host.js';
import { imageStyles } from './image-styles.js';

/** One picked file, from upload to the moment its markdown goes into the text. */
interface Attachment {
  /** Unique on the page, for the ids of its fields. */
  id: number;
  name: string;
  sent: number;
  total: number;
  /** Set once the server has the picture. */
  upload: ImageUpload | null;
  /** Why the upload failed, in words. */
  error: string;
  alt: string;
  altProblem: string;
  stop: AbortController;
}

let nextId = 1;

/** The markdown of a picture; the alt text stays on one line and cannot close its brackets. */
export function imageMarkdown(alt: string, url: string): string {
  const text = alt
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\[\]]/g, '\\$&');
  return `![${text}](${url})`;
}

/** `body` with `markdown` on a line of its own at the end. */
export function appendBlock(body: string, markdown: string): string {
  const before = body.trimEnd();
  return before === '' ? `${markdown}\n` : `${before}\n\n${markdown}\n`;
}

/**
 * Uploads the pictures of the board's forms: a ticket over the socket, then the bytes with a
 * progress bar. Each uploaded picture shows as the server re-encoded it (from Booth's own
 * origin, which the brand page already allows for images) and asks for alt text; "Insert
 * picture" puts `![alt](url)` into the text. Each form's pictures are kept with its draft.
 */
export class ImageUploader {
  private readonly byDraft = new WeakMap<Draft<FormField>, Attachment[]>();

  constructor(
    private readonly host: PanelHost,
    private readonly ctl: BoardController,
  ) {
    host.adoptStyles(imageStyles);
  }

  private list(draft: Draft<FormField>): Attachment[] {
    return this.byDraft.get(draft) ?? [];
  }

  private change(draft: Draft<FormField>, attachments: Attachment[]): void {
    this.byDraft.set(draft, attachments);
    this.host.requestUpdate();
  }

  private patch(item: Attachment, changes: Partial<Attachment>): void {
    Object.assign(item, changes);
    this.host.requestUpdate();
  }

  /** Uploads `files` for the form `formId`, as the member who will post it. */
  async add(formId: string, draft: Draft<FormField>, files: File[]): Promise<void> {
    if (files.length === 0 || this.host.needsSignIn('upload')) return;
    // A guest posts under a name; pictures are uploaded by the same member, so the name comes first.
    if (this.ctl.needsName && nameProblem(draft.values.name, this.host)) {
      draft.problems = { ...draft.problems, name: this.host.t('images.nameFirst') };
      this.host.requestUpdate();
      this.host.focusOn(`#${formId}-name`);
      return;
    }
    const items = files.map((file) => ({
      id: nextId++,
      name: file.name || this.host.t('images.pasted'),
      sent: 0,
      total: file.size,
      upload: null,
      error: '',
      alt: '',
      altProblem: '',
      stop: new AbortController(),
    }));
    this.change(draft, [...this.list(draft), ...items]);
    let ticket: ImageTicket;
    try {
      await this.ctl.loadWrites().then((w) => w.ensureIdentity(draft.values.name.trim()));
      ticket = await this.ctl.imageTicket();
    } catch (error) {
      for (const item of items) this.patch(item, { error: this.host.describe(error) });
      return;
    }
    await Promise.all(items.map((item, i) => this.send(formId, ticket, item, files[i] as File)));
  }

  private async send(formId: string, ticket: ImageTicket, item: Attachment, file: File): Promise<void> {
    try {
      const upload = await uploadImage(ticket, file, {
        signal: item.stop.signal,
        onProgress: (sent, total) => this.patch(item, { sent, total }),
      });
      this.patch(item, { upload, sent: item.total });
      this.ctl.announce(this.host.t('images.uploaded', { name: item.name }));
      this.host.focusOn(`#${formId}-alt-${item.id}`);
    } catch (error) {
      if (item.stop.signal.aborted) return;
      this.patch(item, { error: this.host.describe(error) });
    }
  }

  private remove(draft: Draft<FormField>, item: Attachment): void {
    item.stop.abort();
    this.change(
      draft,
      this.list(draft).filter((other) => other !== item),
    );
  }

  private insert(formId: string, draft: Draft<FormField>, item: Attachment): void {
    if (!item.upload) return;
    if (item.alt.trim() === '') {
      this.patch(item, { altProblem: this.host.t('images.altMissing') });
      this.host.focusOn(`#${formId}-alt-${item.id}`);
      return;
    }
    draft.set('body', appendBlock(draft.values.body, imageMarkdown(item.alt, item.upload.url)));
    this.remove(draft, item);
    this.ctl.announce(this.host.t('images.inserted'));
    this.host.focusOn(`#${formId}-body`);
  }

  /** Why the form cannot be sent yet: a picture still uploading, or uploaded but not in the text. */
  problem(draft: Draft<FormField>): string | undefined {
    const list = this.list(draft);
    if (list.some((item) => !item.upload && !item.error)) return this.host.t('images.waitForUpload');
    if (list.some((item) => item.upload)) return this.host.t('images.notInserted');
    return undefined;
  }

  render(formId: string, draft: Draft<FormField>): TemplateResult | typeof nothing {
    const list = this.list(draft);
    if (list.length === 0) return nothing;
    return html`<ul class="image-list" aria-label=${this.host.t('images.list')}>
      ${list.map((item) => html`<li class="image-item">${this.renderItem(formId, draft, item)}</li>`)}
    </ul>`;
  }

  private renderItem(formId: string, draft: Draft<FormField>, item: Attachment): TemplateResult {
    const removeLabel = this.host.t(item.upload || item.error ? 'images.remove' : 'images.cancel');
    const remove = html`<button type="button" class="btn" part="button" @click=${() => this.remove(draft, item)}>
      ${removeLabel}
    </button>`;
    if (item.error) {
      return html`<p class="error-text" role="alert">${this.host.t('images.failed', { name: item.name, error: item.error })}</p>
        <div class="image-actions">${remove}</div>`;
    }
    const upload = item.upload;
    if (!upload) {
      const percent = item.total > 0 ? Math.round((item.sent / item.total) * 100) : 0;
      return html`<p class="image-name" id="${formId}-upload-${item.id}" dir="auto">
          ${this.host.t('images.uploading', { name: item.name })}
        </p>
        <progress
          class="image-progress"
          max="100"
          .value=${percent}
          aria-labelledby="${formId}-upload-${item.id}"
          aria-valuetext="${percent}%"
        ></progress>
        <div class="image-actions">${remove}</div>`;
    }
    const altId = `${formId}-alt-${item.id}`;
    const describedBy = item.altProblem ? `${altId}-hint ${altId}-problem` : `${altId}-hint`;
    return html`<img class="image-preview" src=${upload.url} alt="" width=${upload.width} height=${upload.height} />
      <div class="field">
        <label for=${altId}>${this.host.t('images.altLabel')}</label>
        <input
          id=${altId}
          part="input"
          maxlength=${IMAGE_LIMITS.altChars}
          autocomplete="off"
          .value=${item.alt}
          aria-invalid=${item.altProblem ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @input=${(e: InputEvent) => this.patch(item, { alt: (e.target as HTMLInputElement).value, altProblem: '' })}
          @keydown=${(e: KeyboardEvent) => {
            // Enter inserts the picture rather than sending the whole post.
            if (e.key !== 'Enter' || e.metaKey || e.ctrlKey) return;
            e.preventDefault();
            e.stopPropagation();
            this.insert(formId, draft, item);
          }}
        />
        <span class="hint" id="${altId}-hint">${this.host.t('images.altHint')}</span>
        ${item.altProblem ? html`<span class="error-text" id="${altId}-problem">${item.altProblem}</span>` : nothing}
      </div>
      <div class="image-actions">
        <button type="button" class="btn primary" part="button" @click=${() => this.insert(formId, draft, item)}>
          ${this.host.t('images.insert')}
        </button>
        ${remove}
      </div>`;
  }
}
