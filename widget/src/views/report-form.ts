import { html, nothing, type TemplateResult } from 'lit';
import type { Draft } from './draft.js';

/** The fields of the report form. */
export type ReportField = 'reason' | 'details';

/** Why a post may be reported; the chosen label (and any details) is the reason staff read. */
export const REPORT_REASONS = ['Spam or advertising', 'Rude or abusive', 'Off-topic', 'Something else'] as const;

export interface ReportFormProps {
  draft: Draft<ReportField>;
  postId: string;
  onSubmit(): void;
  onCancel(): void;
}

/** A small inline form to flag a post for staff: one reason, optional details. */
export function reportForm(props: ReportFormProps): TemplateResult {
  const { draft } = props;
  const id = `report-${props.postId}`;
  const problem = draft.problems.reason ?? draft.problems.details;
  return html`
    <form
      class="report"
      part="form"
      aria-label="Report this post"
      novalidate
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        props.onSubmit();
      }}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && props.onCancel()}
    >
      <fieldset>
        <legend>Why should our team look at this post?</legend>
        ${REPORT_REASONS.map(
          (reason, i) => html`
            <label class="choice">
              <input
                type="radio"
                name="${id}-reason"
                id=${i === 0 ? `${id}-first` : nothing}
                .checked=${draft.values.reason === reason}
                @change=${() => draft.set('reason', reason)}
              />
              ${reason}
            </label>
          `,
        )}
      </fieldset>
      <div class="field">
        <label for="${id}-details">Details (optional)</label>
        <input
          id="${id}-details"
          part="input"
          maxlength="300"
          .value=${draft.values.details}
          @input=${(e: InputEvent) => draft.set('details', (e.target as HTMLInputElement).value)}
        />
      </div>
      ${problem || draft.error ? html`<p class="error-text" role="alert">${problem ?? draft.error}</p>` : nothing}
      <div class="form-actions">
        <button type="submit" class="btn primary" part="button button-primary" ?disabled=${draft.busy}>
          ${draft.busy ? 'Sending…' : 'Send report'}
        </button>
        <button type="button" class="btn" part="button" @click=${props.onCancel}>Cancel</button>
      </div>
    </form>
  `;
}
