import { LIMITS } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetTranslator } from '../i18n/translator.js';
import type { Draft } from './draft.js';

/** The fields a Booth form may have. */
export type FormField = 'title' | 'body' | 'name';

export interface ComposeFormProps {
  tr: WidgetTranslator;
  draft: Draft<FormField>;
  /** Unique prefix for the ids of this form's fields within the board. */
  id: string;
  /** Accessible name of the form, e.g. "Ask a question". */
  label: string;
  heading?: string;
  /** Level of the heading: 3 beside the board's thread titles (the default), 4 inside an open thread. */
  headingLevel?: 3 | 4;
  withTitle: boolean;
  /** Ask for a display name: the viewer has no identity yet and guests may post. */
  withName: boolean;
  titleLabel?: string;
  bodyLabel: string;
  bodyPlaceholder?: string;
  submitLabel: string;
  /** Smaller layout for replies inside the thread. */
  compact?: boolean;
  onSubmit(): void;
  onCancel?(): void;
  /** Called as the text is typed (e.g. to show "Staff is typing…" to others). */
  onType?(): void;
  /** Called as the title is typed (e.g. to look up similar questions). */
  onTitle?(title: string): void;
  /** Shown under the title field, e.g. similar questions. */
  afterTitle?: TemplateResult | typeof nothing;
  /** Pictures in the post: the picker under the text, and files pasted or dropped on it. */
  images?: ComposerImages;
}

/** What a form needs to take pictures (see `image-picker.ts`). */
export interface ComposerImages {
  /** The "Add a picture" button, and the pictures being uploaded or described. */
  panel: TemplateResult;
  /** Files pasted into or dropped on the text. */
  onFiles(files: File[]): void;
}

/** The files a paste or drop carries, if any. */
function filesOf(data: DataTransfer | null): File[] {
  return data ? [...data.files] : [];
}

interface FieldProps {
  props: ComposeFormProps;
  field: FormField;
  label: string;
  hint?: string;
}

/** Ids of the hint and problem texts that describe a field. */
function describedBy(props: ComposeFormProps, field: FormField, hint?: string): string {
  const ids = [];
  if (hint) ids.push(`${props.id}-${field}-hint`);
  if (props.draft.problems[field]) ids.push(`${props.id}-${field}-problem`);
  return ids.join(' ');
}

function fieldNotes({ props, field, hint }: FieldProps): TemplateResult {
  const problem = props.draft.problems[field];
  return html`
    ${hint ? html`<span class="hint" id="${props.id}-${field}-hint">${hint}</span>` : nothing}
    ${problem ? html`<span class="error-text" id="${props.id}-${field}-problem">${problem}</span>` : nothing}
  `;
}

function input(
  f: FieldProps,
  maxLength: number,
  autocomplete: string,
  onInput?: (value: string) => void,
): TemplateResult {
  const { props, field } = f;
  return html`
    <div class="field">
      <label for="${props.id}-${field}">${f.label}</label>
      <input
        id="${props.id}-${field}"
        name=${field}
        part="input"
        maxlength=${maxLength}
        autocomplete=${autocomplete}
        .value=${props.draft.values[field]}
        aria-invalid=${props.draft.problems[field] ? 'true' : 'false'}
        aria-describedby=${describedBy(props, field, f.hint)}
        @input=${(e: InputEvent) => {
          const value = (e.target as HTMLInputElement).value;
          props.draft.set(field, value);
          onInput?.(value);
        }}
      />
      ${fieldNotes(f)}
    </div>
  `;
}

/** Hands pasted or dropped files to the picture picker instead of the text. */
function takeFiles(props: ComposeFormProps, event: Event, data: DataTransfer | null): void {
  const files = filesOf(data);
  if (!props.images || files.length === 0) return;
  event.preventDefault();
  props.images.onFiles(files);
}

function onKeydown(props: ComposeFormProps, event: KeyboardEvent): void {
  if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
    event.preventDefault();
    props.onSubmit();
  } else if (event.key === 'Escape' && props.onCancel) {
    event.preventDefault();
    props.onCancel();
  }
}

/**
 * A form to ask, discuss, reply or edit: optional title, Markdown body, and the display name a
 * guest posts under. Problems show under their field; the server's refusal shows above the buttons.
 */
export function composeForm(props: ComposeFormProps): TemplateResult {
  const { draft, tr } = props;
  const body: FieldProps = {
    props,
    field: 'body',
    label: props.bodyLabel,
    hint: tr.t(props.images ? 'form.markdownImagesHint' : 'form.markdownHint'),
  };
  return html`
    <form
      class="compose ${props.compact ? 'compact' : ''}"
      part="form"
      aria-label=${props.label}
      novalidate
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        props.onSubmit();
      }}
      @keydown=${(e: KeyboardEvent) => onKeydown(props, e)}
    >
      ${
        !props.heading
          ? nothing
          : props.headingLevel === 4
            ? html`<h4 class="form-heading">${props.heading}</h4>`
            : html`<h3 class="form-heading">${props.heading}</h3>`
      }
      ${
        props.withTitle
          ? input(
              { props, field: 'title', label: props.titleLabel ?? tr.t('form.title') },
              LIMITS.titleChars,
              'off',
              props.onTitle,
            )
          : nothing
      }
      ${props.afterTitle ?? nothing}
      <div class="field">
        <label for="${props.id}-body">${body.label}</label>
        <textarea
          id="${props.id}-body"
          name="body"
          part="textarea"
          rows=${props.compact ? 3 : 5}
          maxlength=${LIMITS.bodyChars}
          placeholder=${props.bodyPlaceholder ?? ''}
          .value=${draft.values.body}
          aria-invalid=${draft.problems.body ? 'true' : 'false'}
          aria-describedby=${describedBy(props, 'body', body.hint)}
          @input=${(e: InputEvent) => {
            draft.set('body', (e.target as HTMLTextAreaElement).value);
            props.onType?.();
          }}
          @paste=${(e: ClipboardEvent) => takeFiles(props, e, e.clipboardData)}
          @dragover=${(e: DragEvent) => {
            if (props.images && e.dataTransfer?.types.includes('Files')) e.preventDefault();
          }}
          @drop=${(e: DragEvent) => takeFiles(props, e, e.dataTransfer)}
        ></textarea>
        ${fieldNotes(body)}
      </div>
      ${props.images?.panel ?? nothing}
      ${
        props.withName
          ? input(
              { props, field: 'name', label: tr.t('form.yourName'), hint: tr.t('form.nameHint') },
              LIMITS.displayNameChars,
              'nickname',
            )
          : nothing
      }
      ${draft.error ? html`<p class="error-text form-error" role="alert">${draft.error}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn primary" part="button button-primary" ?disabled=${draft.busy}>
          ${draft.busy ? tr.t('form.posting') : props.submitLabel}
        </button>
        ${
          props.onCancel
            ? html`<button type="button" class="btn" part="button" ?disabled=${draft.busy} @click=${props.onCancel}>
              ${tr.t('common.cancel')}
            </button>`
            : nothing
        }
      </div>
    </form>
  `;
}
