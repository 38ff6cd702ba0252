/**
 * Reads sanitized post HTML the way a browser would, to prove that nothing active survived:
 * every tag and attribute, with entities decoded and URLs resolved by the WHATWG parser.
 */

export interface HtmlTag {
  name: string;
  attributes: Record<string, string>;
}

/** Tags and attributes rendered posts may contain. */
export const SAFE_TAGS = new Set(
  'p br strong em s del code pre blockquote ul ol li a hr h1 h2 h3 h4 h5 h6 table thead tbody tr th td'.split(' '),
);
export const SAFE_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  ol: ['start'],
  th: ['align'],
  td: ['align'],
};
export const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
export const LINK_REL = 'nofollow ugc noopener';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references a browser decodes in attribute values. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Every start tag in `html`, with decoded attribute values. Text `<` is escaped in safe output, so each `<` opens a tag. */
export function tagsOf(html: string): HtmlTag[] {
  const tags: HtmlTag[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][^\s/>]*)([^>]*)>/g)) {
    const attributes: Record<string, string> = {};
    for (const attr of (match[2] ?? '').matchAll(/([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes[(attr[1] ?? '').toLowerCase()] = decodeEntities(attr[2] ?? attr[3] ?? attr[4] ?? '');
    }
    tags.push({ name: (match[1] ?? '').toLowerCase(), attributes });
  }
  return tags;
}

/** The scheme a browser would use for `href` on a page at `base`. */
export function schemeOf(href: string, base = 'https://brand.example/products/42'): string {
  return new URL(href, base).protocol;
}

/** Everything unsafe found in `html`; empty when the HTML is inert. */
export function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  if (/<\s*\/?\s*(script|iframe|svg|math|object|embed|style|img|form|base|meta|link)\b/i.test(html)) {
    problems.push('active tag');
  }
  for (const tag of tagsOf(html)) {
    if (!SAFE_TAGS.has(tag.name)) problems.push(`tag <${tag.name}>`);
    for (const name of Object.keys(tag.attributes)) {
      if (!(SAFE_ATTRIBUTES[tag.name] ?? []).includes(name)) problems.push(`attribute ${name} on <${tag.name}>`);
    }
    if (tag.name === 'a') {
      const href = tag.attributes.href;
      if (href !== undefined && !SAFE_SCHEMES.has(schemeOf(href))) problems.push(`href ${href}`);
      if (href !== undefined && /^\s*[/\\]{2}/.test(href)) problems.push(`protocol-relative href ${href}`);
      if (tag.attributes.rel !== LINK_REL) problems.push(`rel ${tag.attributes.rel ?? '(none)'}`);
    }
  }
  return problems;
}
