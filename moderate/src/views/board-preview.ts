import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { styleMap } from 'lit/directives/style-map.js';

/** The theme variables the preview sets on the board, as `--booth-*` custom properties. */
export interface PreviewTheme {
  accent: string;
  radius: number;
  font: string;
}

/** The CSS a brand puts on its page for the same look as the preview. */
export function themeCss(theme: PreviewTheme): string {
  const lines = [`  --booth-accent: ${theme.accent};`, `  --booth-radius: ${theme.radius}px;`];
  if (theme.font) lines.push(`  --booth-font: ${theme.font};`);
  return `booth-board {\n${lines.join('\n')}\n}`;
}

/** Whether this page has asked for the widget's script yet. */
let widgetRequested = false;

/**
 * Loads `embed.js` from this server once, without a site or board: it only defines
 * `<booth-board>`, which the preview then places itself (the moderation view's shadow root is
 * out of reach of the tag's `data-target`).
 */
function loadWidget(): Promise<unknown> {
  if (!widgetRequested && !customElements.get('booth-board')) {
    widgetRequested = true;
    const script = document.createElement('script');
    script.src = '/embed.js';
    script.async = true;
    document.head.append(script);
  }
  return customElements.whenDefined('booth-board');
}

/**
 * A live board of the site, as brand pages show it, with the theme variables chosen in the
 * Install tab: the real widget, on this server's own origin (which every site allows).
 */
@customElement('booth-board-preview')
export class BoardPreview extends LitElement {
  /** The site's public key. */
  @property() site = '';
  /** The board shown. */
  @property() board = '';
  /** The theme variables set on the board. */
  @property({ attribute: false }) theme: PreviewTheme = { accent: '#2563eb', radius: 10, font: '' };
  @state() private ready = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void loadWidget().then(() => {
      this.ready = true;
    });
  }

  override render(): TemplateResult | typeof nothing {
    if (!this.ready || !this.site || !this.board) return nothing;
    const style = {
      '--booth-accent': this.theme.accent,
      '--booth-radius': `${this.theme.radius}px`,
      ...(this.theme.font ? { '--booth-font': this.theme.font } : {}),
    };
    // Keyed by board: another board is a new element, which subscribes afresh.
    return html`${keyed(
      this.board,
      html`<booth-board site=${this.site} board=${this.board} deep-link="off" style=${styleMap(style)}></booth-board>`,
    )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-board-preview': BoardPreview;
  }
}
