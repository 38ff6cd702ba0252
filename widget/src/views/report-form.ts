import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetKey, WidgetTranslator } from '../i18n/translator.js';
import type { Draft } from './draft.js';

/** The fields of the report form. */
export type ReportField = 'reason' | 'details';

/**
 * Why a post may be reported: the reason staff read (with any details) is the English one, the
 * same whatever language the reporter reads; the reporter sees its words in theirs.
 */
export const REPORT_REASONS: readonly { reason: string; label: WidgetKey }[] = [
  { reason: 'Spam or advertising', label: 'report.spam' },
  { reason: 'Rude or abusive', label: 'report.rude' },
  { reason: 'Off-topic', label: 'report.offTopic' },
  { reason: 'Something else', label: 'report.other' },
];

export interface ReportFormProps {
  tr: WidgetTranslator;
  draft: Draft<ReportField>;
  postId: string;
  onSubmit(): void;
  onCancel(): void;
}

/** A small inline form to flag a post for staff: one reason, optional details. */
export function reportForm(props: ReportFormProps): TemplateResult {
  const { draft, tr } = props;
  const id = `report-${props.postId}`;
  const problem = draft.problems.reason ?? draft.problems.details;
  return html`
    <form
      class="report"
      part="form"
      aria-label=${tr.t('report.label')}
      novalidate
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        props.onSubmit();
      }}
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && props.onCancel()}
    >
      <fieldset>
        <legend>${tr.t('report.legend')}</legend>
        ${REPORT_REASONS.map(
          ({ reason, label }, i) => html`
            <label class="choice">
              <input
                type="radio"
                name="${id}-reason"
                id=${i === 0 ? `${id}-first` : nothing}
                .checked=${draft.values.reason === reason}
                @change=${() => draft.set('reason', reason)}
              />
              ${tr.t(label)}
            </label>
          `,
        )}
      </fieldset>
      <div class="field">
        <label for="${id}-details">${tr.t('report.details')}</label>
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
          ${tr.t(draft.busy ? 'report.sending' : 'report.send')}
        </button>
        <button type="button" class="btn" part="button" @click=${props.onCancel}>${tr.t('common.cancel')}</button>
      </div>
    </form>
  `;
}
