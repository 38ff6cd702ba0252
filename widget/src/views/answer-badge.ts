import { type AnswerBadge, badgeSentence } from '@booth/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { BoardController } from '../board-controller.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import type { PanelHost } from './panel-host.js';

/** Styles of the badge line, added to the board when its chunk loads. */
export const badgeStyles = css`
  .answer-badge { margin: 0.25rem 0; font-size: 0.85rem; color: var(--booth-muted, #4a4a55); }
`;

/**
 * The site's public answer badge under the header: asked for once when its chunk loads (only on
 * sites that show it), hidden while the server says there is none (too few questions).
 */
export class AnswerBadgeLine {
  private badge: AnswerBadge | null = null;

  constructor(host: PanelHost, ctl: BoardController) {
    // A badge that cannot be read is left out: it is a boast, not something the visitor needs.
    ctl.connection.request({ type: 'badge' }).then(
      ({ badge }) => {
        this.badge = badge;
        host.requestUpdate();
      },
      () => undefined,
    );
  }

  render(tr: WidgetTranslator): TemplateResult | typeof nothing {
    const badge = this.badge;
    if (!badge) return nothing;
    const text = badgeSentence(badge, (key, params) => tr.t(key, params));
    return html`<p class="answer-badge" part="answer-badge">${text}</p>`;
  }
}
