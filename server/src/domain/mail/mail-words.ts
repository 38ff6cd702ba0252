/**
 * The words of emails and the pages behind their links come from the server's catalogs; these
 * helpers put them into HTML, where a placeholder may stand for markup (a bold name, a badge).
 */
import type { Translator } from '@booth/shared';
import { escapeHtml } from '../escape-html.js';

/**
 * The message of `key` escaped for HTML, its `{placeholders}` filled with the given markup
 * (already escaped by the caller).
 *
 * @example htmlWords(t, 'mail.item.wrote', { author: '<strong>Ana</strong>' }) // '<strong>Ana</strong> wrote:'
 */
export function htmlWords(t: Translator, key: string, markup: Readonly<Record<string, string>>): string {
  return escapeHtml(t.t(key)).replace(/\{(\w+)\}/g, (whole, name: string) => markup[name] ?? whole);
}
