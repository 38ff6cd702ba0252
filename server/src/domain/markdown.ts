import { hasVisibleText } from '@booth/shared';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { boothImageId, type ImageContext } from './images/image-links.js';

export type { ImageContext } from './images/image-links.js';

/** What a render knows beyond the source: whose images the post may show. */
interface RenderEnv {
  images?: ImageContext;
}

// Raw HTML is off in the parser; the sanitizer below is the second wall, not the only one.
const parser = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

// A bare "www.example.com" becomes an https link, not http: posts link only to https.
const normalizeFuzzyLink = parser.linkify.normalize.bind(parser.linkify);
parser.linkify.normalize = (match) => {
  normalizeFuzzyLink(match);
  if (!match.schema) match.url = match.url.replace(/^http:\/\//i, 'https://');
};

/**
 * Posts show only pictures uploaded to Booth for the same site: any other image (hot-linked,
 * a tracking pixel, `data:` or `javascript:`) renders as nothing, before the sanitizer, which
 * checks again. The alt text is kept, escaped; a title is not.
 */
parser.renderer.rules.image = (tokens, index, options, env: RenderEnv, self) => {
  const token = tokens[index];
  const src = token?.attrGet('src') ?? '';
  if (!token || !env.images || boothImageId(src, env.images) === null) return '';
  const alt = self.renderInlineAsText(token.children ?? [], options, env);
  const escapeText = parser.utils.escapeHtml;
  return `<img src="${escapeText(src)}" alt="${escapeText(alt)}" loading="lazy">`;
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

/** The sanitizer's settings for a render: images only from the context's site, or none. */
function sanitizeOptions(images: ImageContext | undefined): sanitizeHtml.IOptions {
  if (!images) return SANITIZE;
  return {
    ...SANITIZE,
    allowedTags: [...(SANITIZE.allowedTags || []), 'img'],
    allowedAttributes: { ...SANITIZE.allowedAttributes, img: ['src', 'alt', 'loading'] },
    // Booth's own origin may be plain http on a development machine; only its exact images pass.
    allowedSchemesByTag: { img: ['https', 'http'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    transformTags: {
      ...SANITIZE.transformTags,
      img: (tagName, attribs): sanitizeHtml.Tag =>
        boothImageId(attribs.src ?? '', images) !== null
          ? { tagName, attribs: { src: attribs.src ?? '', alt: attribs.alt ?? '', loading: 'lazy' } }
          : { tagName: 'span', attribs: {} },
    },
  };
}

/**
 * Renders untrusted markdown to HTML that is safe to insert into any page. With `images`, the
 * post may show pictures uploaded to Booth for that site; without, it shows none.
 */
export function renderMarkdown(source: string, images?: ImageContext): string {
  const env: RenderEnv = images ? { images } : {};
  return sanitizeHtml(parser.render(source, env), sanitizeOptions(images)).trim();
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
 * True when rendered HTML shows something: some text, or a picture (rendered HTML holds an
 * `<img>` only for a Booth image of the site). A rule (`---`) alone, an image from elsewhere
 * (posts show none), an empty link or table, and text made only of invisible characters,
 * spaces or lone accents all render as nothing a reader can see.
 */
export function htmlHasVisibleText(html: string): boolean {
  return /<img\s/.test(html) || hasVisibleText(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }));
}

/** Counts the links in rendered markdown (used by spam rules). */
export function countLinks(source: string): number {
  return (renderMarkdown(source).match(/<a\s/g) ?? []).length;
}
