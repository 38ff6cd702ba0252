import { html, type TemplateResult } from 'lit';

/**
 * A translated sentence with markup inside it: `{name}` placeholders in `text` become the given
 * templates (a bold name, a `<time>`), the words around them stay text. Word order is the
 * catalog's, so each language places the parts where its grammar wants them.
 *
 * @example withParts(t('header.postingAs'), { name: html`<strong>${me.name}</strong>` })
 */
export function withParts(text: string, parts: Readonly<Record<string, TemplateResult>>): TemplateResult {
  const pieces = text.split(/\{(\w+)\}/);
  // split with a capture group alternates text and placeholder names: even indexes are text.
  return html`${pieces.map((piece, i) => (i % 2 === 0 ? piece : (parts[piece] ?? `{${piece}}`)))}`;
}
