import { LIMITS } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { FormField } from './compose-form.js';
import type { Draft } from './draft.js';

export interface NamePromptProps {
  draft: Draft<FormField>;
  /** What the name is for, e.g. "to vote". */
  purpose: string;
  onSubmit(): void;
  onCancel(): void;
}

/** A one-field inline form asking a visitor for a display name before a vote or an accept. */
export function namePrompt(props: NamePromptProps): TemplateResult {
  const { draft } = props;
  const problem = draft.problems.name ?? draft.error;
  return html`
    <form
      class="name-prompt"
      part="form"
      aria-label="Choose a display name"
      novalidate
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      <p>Pick a display name ${props.purpose}. No account needed.</p>
      <div class="field">
        <label for="name-prompt-name">Your name</label>
        <input
          id="name-prompt-name"
          part="input"
          autocomplete="nickname"
          maxlength=${LIMITS.displayNameChars}
          .value=${draft.values.name}
          aria-invalid=${problem ? 'true' : 'false'}
          aria-describedby=${problem ? 'name-prompt-problem' : ''}
          @input=${(e: InputEvent) => draft.set('name', (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && props.onCancel()}
        />
      </div>
      <button type="submit" class="btn primary" part="button button-primary" ?disabled=${draft.busy}>Continue</button>
      <button type="button" class="btn" part="button" @click=${props.onCancel}>Cancel</button>
      ${problem ? html`<p class="error-text" id="name-prompt-problem" role="alert">${problem}</p>` : nothing}
    </form>
  `;
}
