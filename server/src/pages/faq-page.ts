/**
 * The server-rendered FAQ page of a site or a board: each answered question with its canonical
 * summary or answer, a link to the thread's own page, and FAQPage JSON-LD for search engines.
 */
import { type FaqEntry, htmlToText, jsonLdText, type Translator } from '@booth/shared';
import { escapeHtml } from '../domain/escape-html.js';

export interface FaqPageInput {
  siteName: string;
  /** The board, or null for the site's FAQ. */
  board: string | null;
  translator: Translator;
  entries: FaqEntry[];
  selfUrl: string;
  /** The server-rendered page of a thread. */
  threadUrl: (entry: FaqEntry) => string;
  stylesheetUrl: string;
}

/** The text an entry answers with: staff's summary, else the answer post as plain text. */
export function faqAnswerText(entry: FaqEntry): string {
  return entry.summary ?? htmlToText(entry.answer.html);
}

/**
 * schema.org FAQPage of the entries, each question with its answer's text and address.
 *
 * @example jsonLdText(faqStructuredData(entries, 'https://booth.example/t/KEY/faq', urlOf))
 */
export function faqStructuredData(
  entries: readonly FaqEntry[],
  url: string,
  threadUrl: (entry: FaqEntry) => string,
): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    url,
    mainEntity: entries.map((entry) => ({
      '@type': 'Question',
      name: entry.thread.title,
      acceptedAnswer: {
        '@type': 'Answer',
        text: faqAnswerText(entry),
        url: `${threadUrl(entry)}#post-${entry.answer.postId}`,
      },
    })),
  };
}

function entryHtml(entry: FaqEntry, input: FaqPageInput): string {
  const t = input.translator;
  // The summary is plain text staff wrote; the answer is the sanitized HTML made at write time.
  const answer = entry.summary
    ? `<p class="summary">${escapeHtml(entry.summary)}</p>`
    : `<div class="body">${entry.answer.html}</div>`;
  const staff =
    entry.answer.author.role === 'customer'
      ? ''
      : ` <span class="role">${escapeHtml(t.t('page.faq.staffAnswer'))}</span>`;
  return `<section class="post" id="faq-${escapeHtml(entry.thread.id)}">
<h2>${escapeHtml(entry.thread.title)}</h2>
${answer}
<p><span class="author"><bdi>${escapeHtml(entry.answer.author.name)}</bdi></span>${staff} · <a href="${escapeHtml(input.threadUrl(entry))}">${escapeHtml(t.t('page.faq.readThread'))}</a></p>
</section>`;
}

/** The HTML document of an FAQ page. */
export function renderFaqPage(input: FaqPageInput): string {
  const t = input.translator;
  const title = input.board
    ? t.t('page.faq.boardTitle', { board: input.board, site: input.siteName })
    : t.t('page.faq.title', { site: input.siteName });
  const data = faqStructuredData(input.entries, input.selfUrl, input.threadUrl);
  const body = input.entries.length
    ? input.entries.map((entry) => entryHtml(entry, input)).join('\n')
    : `<p>${escapeHtml(t.t('page.faq.empty'))}</p>`;
  return `<!doctype html>
<html lang="${t.language}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="canonical" href="${escapeHtml(input.selfUrl)}">
<link rel="stylesheet" href="${escapeHtml(input.stylesheetUrl)}">
<script type="application/ld+json">${jsonLdText(data)}</script>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}
