import { EMAIL_MAX_CHARS, type EmailState, LIMITS } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { Draft } from './draft.js';

export type FollowField = 'email' | 'name';

export interface FollowBarProps {
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
  const { question, following, emailDraft } = props;
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
        ${following ? (question ? '✓ You have this question' : '✓ Following') : question ? 'I have this question too' : 'Notify me'}
        ${question && props.waiting > 0 ? html`· ${props.waiting}<span class="visually-hidden"> waiting</span>` : nothing}
      </button>
      ${
        following && props.email === 'none' && !emailDraft
          ? html`<button type="button" class="link small" @click=${props.onAskEmail}>Email me too</button>`
          : nothing
      }
      ${following && props.email === 'pending' ? html`<span class="muted small" role="status">Check your inbox to confirm your email.</span>` : nothing}
      ${
        emailDraft
          ? html`<form
              class="name-prompt compact"
              part="form"
              aria-label="Email me when there is an answer"
              novalidate
              @submit=${(e: SubmitEvent) => {
                e.preventDefault();
                props.onSubmitEmail();
              }}
            >
              ${
                props.withName
                  ? html`<div class="field">
                      <label class="visually-hidden" for="follow-name">Your name</label>
                      <input
                        id="follow-name"
                        part="input"
                        autocomplete="nickname"
                        placeholder="Your name"
                        maxlength=${LIMITS.displayNameChars}
                        .value=${emailDraft.values.name}
                        @input=${(e: InputEvent) => emailDraft.set('name', (e.target as HTMLInputElement).value)}
                      />
                    </div>`
                  : nothing
              }
              <div class="field">
                <label class="visually-hidden" for="follow-email">Your email</label>
                <input
                  id="follow-email"
                  type="email"
                  part="input"
                  autocomplete="email"
                  placeholder="you@example.com"
                  maxlength=${EMAIL_MAX_CHARS}
                  .value=${emailDraft.values.email}
                  aria-invalid=${problem ? 'true' : 'false'}
                  aria-describedby=${problem ? 'follow-email-problem' : ''}
                  @input=${(e: InputEvent) => emailDraft.set('email', (e.target as HTMLInputElement).value)}
                  @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && props.onCancelEmail()}
                />
              </div>
              <button type="submit" class="btn primary" part="button button-primary" ?disabled=${emailDraft.busy}>
                Email me
              </button>
              <button type="button" class="btn" part="button" @click=${props.onCancelEmail}>Cancel</button>
              ${problem ? html`<p class="error-text" id="follow-email-problem" role="alert">${problem}</p>` : nothing}
            </form>`
          : nothing
      }
    </div>
  `;
}
