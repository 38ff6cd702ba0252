import { LIMITS } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetTranslator } from '../i18n/translator.js';
import type { Draft } from './draft.js';

export interface NamePromptProps {
  tr: WidgetTranslator;
  draft: Draft<'name'>;
  /** Prefix of the ids of the form's elements, unique within the board. */
  id: string;
  /** The form's accessible name, e.g. "Choose a display name". */
  label: string;
  /** Why a name is asked for, shown above the field. Without it the form is one compact row. */
  intro?: string;
  submitLabel: string;
  onSubmit(): void;
  onCancel(): void;
}

/**
 * A one-field inline form for a display name: asked of a visitor before a vote or an accept, and
 * offered to a guest who wants another one.
 */
export function namePrompt(props: NamePromptProps): TemplateResult {
  const { draft, id, intro, tr } = props;
  const problem = draft.problems.name ?? draft.error;
  return html`
    <form
      class="name-prompt ${intro ? '' : 'compact'}"
      part="form"
      aria-label=${props.label}
      novalidate
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      ${intro ? html`<p>${intro}</p>` : nothing}
      <div class="field">
        <label class=${intro ? '' : 'visually-hidden'} for="${id}-name">${tr.t('form.yourName')}</label>
        <input
          id="${id}-name"
          part="input"
          autocomplete="nickname"
          maxlength=${LIMITS.displayNameChars}
          .value=${draft.values.name}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${problem ? `${id}-problem` : ''}
          @input=${(e: InputEvent) => draft.set('name', (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && props.onCancel()}
        />
      </div>
      <button type="submit" class="btn primary" part="button button-primary" ?disabled=${draft.busy}>
        ${props.submitLabel}
      </button>
      <button type="button" class="btn" part="button" @click=${props.onCancel}>${tr.t('common.cancel')}</button>
      ${problem ? html`<p class="error-text" id="${id}-problem" role="alert">${problem}</p>` : nothing}
    </form>
  `;
}
