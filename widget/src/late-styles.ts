import type { CSSResult, LitElement } from 'lit';

/**
 * Adds the styles of a part that loaded on demand (see `on-demand.ts`) to the element's shadow
 * root, next to its static styles: constructable stylesheets, so strict CSPs still allow them.
 */
export function adoptLateStyles(host: LitElement, styles: CSSResult): void {
  const root = host.renderRoot;
  const sheet = styles.styleSheet;
  if (!(root instanceof ShadowRoot) || !sheet || root.adoptedStyleSheets.includes(sheet)) return;
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
