import { hasVisibleText } from '@booth/shared';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML is off in the parser; the sanitizer below is the second wall, not the only one.
const parser = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

// A bare "www.example.com" becomes an https link, not http: posts link only to https.
const normalizeFuzzyLink = parser.linkify.normalize.bind(parser.linkify);
parser.linkify.normalize = (match) => {
  normalizeFuzzyLink(match);
  if (!match.schema) match.url = match.url.replace(/^http:\/\//i, 'https://');
};

/**
 * Links in posts must be absolute https or mailto. A relative link ("/account", "#top",
 * "//host", "https:path") would resolve against the brand's page the post is shown on, and
 * plain http is open to tampering; such links are shown as their text.
 */
function isAllowedHref(href: string | undefined): boolean {
  if (href === undefined) return false;
  if (/^mailto:/i.test(href)) return true;
  if (!/^https:\/\/[^/\\]/i.test(href)) return false;
  try {
    return new URL(href).hostname !== '';
  } catch {
    return false;
  }
}

const LINK_REL = 'nofollow ugc noopener';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['align'], td: ['align'] },
  allowedSchemes: ['https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A link that is not allowed becomes a tag outside the allowlist: dropped, its text kept.
    a: (tagName, attribs) =>
      isAllowedHref(attribs.href)
        ? { tagName, attribs: { ...attribs, rel: LINK_REL } }
        : { tagName: 'span', attribs: {} },
  },
};

/** Renders untrusted markdown to HTML that is safe to insert into any page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(parser.render(source), SANITIZE).trim();
}

/** Plain text of rendered markdown, collapsed to one line and cut to `max` characters. */
export function plainExcerpt(source: string, max = 200): string {
  const text = sanitizeHtml(parser.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * True when rendered HTML shows some text. A rule (`---`) alone, an image (posts show none),
 * an empty link or table, and text made only of invisible characters, spaces or lone accents
 * all render as nothing a reader can see.
 */
export function htmlHasVisibleText(html: string): boolean {
  return hasVisibleText(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }));
}

/** Counts the links in rendered markdown (used by spam rules). */
export function countLinks(source: string): number {
  return (renderMarkdown(source).match(/<a\s/g) ?? []).length;
}
