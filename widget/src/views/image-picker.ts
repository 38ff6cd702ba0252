import { html, nothing } from 'lit';
import type { BoardController } from '../board-controller.js';
import type { ImageUploader } from '../images/image-uploader.js';
import { OnDemand } from '../on-demand.js';
import type { ComposerImages, FormField } from './compose-form.js';
import type { Draft } from './draft.js';
import type { PanelHost } from './panel-host.js';

/**
 * Pictures for the board's forms. Only the "Add a picture" button lives in the first load; the
 * uploader (progress, preview, alt text, errors) is its own chunk, fetched when a form with the
 * button opens and used once a file is picked, pasted or dropped.
 */
export class ImagePicker {
  private readonly uploader: OnDemand<ImageUploader>;

  constructor(
    private readonly host: PanelHost,
    ctl: BoardController,
  ) {
    this.uploader = new OnDemand(host, () =>
      import('../images/image-uploader.js').then(({ ImageUploader }) => new ImageUploader(host, ctl)),
    );
  }

  /** The pictures of the form `formId` (its fields' id prefix) whose values `draft` holds. */
  forForm(formId: string, draft: Draft<FormField>): ComposerImages {
    this.uploader.prefetch();
    const add = (files: File[]) =>
      this.uploader.use(
        (uploader) => uploader.add(formId, draft, files),
        () => {
          draft.error = this.host.t('images.loadFailed');
          this.host.requestUpdate();
        },
      );
    const fileInput = `${formId}-image-file`;
    return {
      onFiles: add,
      panel: html`<div class="images" part="images">
        <input
          id=${fileInput}
          class="visually-hidden"
          type="file"
          accept="image/*"
          multiple
          tabindex="-1"
          aria-hidden="true"
          @change=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            add([...(input.files ?? [])]);
            input.value = '';
          }}
        />
        <button
          type="button"
          class="btn"
          part="button"
          @click=${(e: Event) =>
            (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLInputElement>(`#${fileInput}`)?.click()}
        >
          ${this.host.t('images.add')}
        </button>
        ${this.uploader.value?.render(formId, draft) ?? nothing}
      </div>`,
    };
  }

  /** Why the form cannot be sent yet (a picture uploading, or not yet put in the text). */
  problem(draft: Draft<FormField>): string | undefined {
    return this.uploader.value?.problem(draft);
  }
}
