import type { Translator } from '@booth/shared';
import { escapeHtml } from '../domain/escape-html.js';

/**
 * A small page that a link in an email opens (unsubscribe, confirm, account), styled by
 * /mail/page.css, in the language of `t` (the site's) and its writing direction.
 */
export function mailPage(t: Translator, title: string, body: string): string {
  return `<!doctype html>
<html lang="${t.language}" dir="${t.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/mail/page.css"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}
