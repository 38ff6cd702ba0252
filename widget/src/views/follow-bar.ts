import { EMAIL_MAX_CHARS, type EmailState, LIMITS } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetKey, WidgetTranslator } from '../i18n/translator.js';
import type { Draft } from './draft.js';

export type FollowField = 'email' | 'name';

export interface FollowBarProps {
  tr: WidgetTranslator;
  question: boolean;
  following: boolean;
  /** People waiting for an answer (shown on questions). */
  waiting: number;
  busy: boolean;
  /** Where email about followed threads stands, once known. */
  email: EmailState | null;
  /** The address form, while it is open. */
  emailDraft: Draft<FollowField> | null;
  /** The form also asks for a display name (a visitor who has none yet). */
  withName: boolean;
  onFollow(): void;
  onUnfollow(): void;
  onAskEmail(): void;
  onSubmitEmail(): void;
  onCancelEmail(): void;
}

/**
 * Follow a thread: "Notify me" (on a question, "I have this question too · 3" with the number of
 * people waiting for its answer, kept live), and an optional address to be told by email.
 */
export function followBar(props: FollowBarProps): TemplateResult {
  const { question, following, emailDraft, tr } = props;
  const label: WidgetKey = following
    ? question
      ? 'follow.youHaveIt'
      : 'follow.following'
    : question
      ? 'follow.haveItToo'
      : 'follow.notifyMe';
  const problem = emailDraft ? (emailDraft.problems.email ?? emailDraft.problems.name ?? emailDraft.error) : '';
  return html`
    <div class="follow-bar" part="follow">
      <button
        type="button"
        class="btn"
        part="button follow-button"
        aria-pressed=${following ? 'true' : 'false'}
        ?disabled=${props.busy}
        @click=${following ? props.onUnfollow : props.onFollow}
      >
        ${tr.t(label)}
        ${
          question && props.waiting > 0
            ? html`· ${tr.number(props.waiting)}<span class="visually-hidden"> ${tr.t('follow.waiting', { count: props.waiting })}</span>`
            : nothing
        }
      </button>
      ${
        following && props.email === 'none' && !emailDraft
          ? html`<button type="button" class="link small" @click=${props.onAskEmail}>${tr.t('follow.emailToo')}</button>`
          : nothing
      }
      ${following && props.email === 'pending' ? html`<span class="muted small" role="status">${tr.t('follow.checkInbox')}</span>` : nothing}
      ${
        emailDraft
          ? html`<form
              class="name-prompt compact"
              part="form"
              aria-label=${tr.t('follow.formLabel')}
              novalidate
              @submit=${(e: SubmitEvent) => {
                e.preventDefault();
                props.onSubmitEmail();
              }}
            >
              ${
                props.withName
                  ? html`<div class="field">
                      <label class="visually-hidden" for="follow-name">${tr.t('form.yourName')}</label>
                      <input
                        id="follow-name"
                        part="input"
                        autocomplete="nickname"
                        placeholder=${tr.t('form.yourName')}
                        maxlength=${LIMITS.displayNameChars}
                        .value=${emailDraft.values.name}
                        @input=${(e: InputEvent) => emailDraft.set('name', (e.target as HTMLInputElement).value)}
                      />
                    </div>`
                  : nothing
              }
              <div class="field">
                <label class="visually-hidden" for="follow-email">${tr.t('follow.yourEmail')}</label>
                <input
                  id="follow-email"
                  type="email"
                  part="input"
                  autocomplete="email"
                  placeholder=${tr.t('follow.emailPlaceholder')}
                  maxlength=${EMAIL_MAX_CHARS}
                  .value=${emailDraft.values.email}
                  aria-invalid=${problem ? 'true' : 'false'}
                  aria-describedby=${problem ? 'follow-email-problem' : ''}
                  @input=${(e: InputEvent) => emailDraft.set('email', (e.target as HTMLInputElement).value)}
                  @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && props.onCancelEmail()}
                />
              </div>
              <button type="submit" class="btn primary" part="button button-primary" ?disabled=${emailDraft.busy}>
                ${tr.t('follow.submit')}
              </button>
              <button type="button" class="btn" part="button" @click=${props.onCancelEmail}>${tr.t('common.cancel')}</button>
              ${problem ? html`<p class="error-text" id="follow-email-problem" role="alert">${problem}</p>` : nothing}
            </form>`
          : nothing
      }
    </div>
  `;
}
