import { escapeHtml } from '../domain/escape-html.js';

/** A small page that a link in an email opens (unsubscribe, confirm, account), styled by /mail/page.css. */
export function mailPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/mail/page.css"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>
`;
}
