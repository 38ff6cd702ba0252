import type { Suggestion } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetTranslator } from '../i18n/translator.js';

/** Existing questions like the one being typed, answered ones first, so answers get reused. */
export function suggestions(
  list: readonly Suggestion[],
  tr: WidgetTranslator,
  onOpen: (threadId: string) => void,
): TemplateResult | typeof nothing {
  if (list.length === 0) return nothing;
  return html`
    <section class="suggestions" part="suggestions" aria-labelledby="suggestions-title">
      <p id="suggestions-title" class="suggestions-title">${tr.t('suggest.title')}</p>
      <ul>
        ${list.map(
          ({ thread, answer }) => html`
            <li>
              <button type="button" class="suggestion" dir="auto" @click=${() => onOpen(thread.id)}>${thread.title}</button>
              ${thread.acceptedPostId ? html`<span class="badge answered">${tr.t('badge.answered')}</span>` : nothing}
              ${answer ? html`<p class="suggestion-answer" dir="auto">${answer}</p>` : nothing}
            </li>
          `,
        )}
      </ul>
    </section>
  `;
}
