import { describe, expect, it } from 'vitest';
import { countLinks, plainExcerpt, renderMarkdown } from '../../server/src/domain/markdown.js';
import { LINK_REL, schemeOf, tagsOf, unsafeParts } from '../helpers/html-inspect.js';

/** Markdown and raw HTML that try to run script, restyle the page or leave a dangerous link. */
const XSS_PAYLOADS: Array<[string, string]> = [
  ['script tag', '<script>alert(1)</script>'],
  ['script split across a tag', '<scr<script>ipt>alert(1)</script>'],
  ['nested script', '<<script>script>alert(1)<</script>/script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['unclosed img onerror', '<img src="x" onerror="alert(1)"'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['svg link', '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'],
  ['math link', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['iframe', '<iframe src="javascript:alert(1)"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object', '<object data="javascript:alert(1)"></object>'],
  ['embed', '<embed src="data:text/html,<script>alert(1)</script>">'],
  ['form action', '<form action="javascript:alert(1)"><button>go</button></form>'],
  ['base href', '<base href="javascript:alert(1)//">'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['style tag', '<style>body { display: none }</style>'],
  ['style attribute', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['raw anchor', '<a href="javascript:alert(1)">x</a>'],
  ['raw anchor with entity scheme', '<a href="&#x6A;avascript:alert(1)">x</a>'],
  ['markdown javascript link', '[x](javascript:alert(1))'],
  ['mixed-case scheme', '[x](JaVaScRiPt:alert(1))'],
  ['tab entity in scheme', '[x](jav&#x09;ascript:alert(1))'],
  ['decimal tab entity in scheme', '[x](jav&#9;ascript:alert(1))'],
  ['newline entity in scheme', '[x](java&#10;script:alert(1))'],
  ['fully encoded scheme', '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))'],
  ['named colon entity', '[x](javascript&colon;alert(1))'],
  ['leading control character', '[x](\u0001javascript:alert(1))'],
  ['leading space in angle brackets', '[x](< javascript:alert(1)>)'],
  ['angle-bracket destination', '[x](<javascript:alert(1)>)'],
  ['reference link', '[x][evil]\n\n[evil]: javascript:alert(1)'],
  ['vbscript link', '[x](vbscript:msgbox(1))'],
  ['data html link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data link with markup', '[x](data:text/html,<script>alert(1)</script>)'],
  ['file link', '[x](file:///etc/passwd)'],
  ['protocol-relative link', '[x](//evil.example/steal)'],
  ['backslash-relative link', '[x](\\\\evil.example/steal)'],
  ['javascript autolink', '<javascript:alert(1)>'],
  ['data autolink', '<data:text/html,alert(1)>'],
  ['image with javascript source', '![x](javascript:alert(1))'],
  ['image with svg data', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)'],
  ['image with onerror in title', '![x](https://img.example/a.png "onerror=alert(1)")'],
  ['title breaking out of the attribute', '[x](https://ok.example "\\"onmouseover=alert(1) x=\\"")'],
  ['href breaking out of the attribute', '[x](https://ok.example/"onmouseover="alert(1))'],
  ['link text with markup', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ['html comment', '<!-- --><script>alert(1)</script><!-- -->'],
  ['cdata', '<![CDATA[<script>alert(1)</script>]]>'],
  ['code span', '`<script>alert(1)</script>`'],
  ['fenced code', '```html\n<script>alert(1)</script>\n```'],
  ['table cell', '| a |\n|---|\n| <img src=x onerror=alert(1)> |'],
];

const linksOf = (html: string) => tagsOf(html).filter((t) => t.name === 'a');

describe('rendering markdown', () => {
  it.each(XSS_PAYLOADS)('neutralizes %s', (_name, payload) => {
    const html = renderMarkdown(payload);
    expect(unsafeParts(html)).toEqual([]);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  });

  it('has at least 25 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(25);
  });

  it('shows raw HTML as text instead of dropping what people wrote', () => {
    expect(renderMarkdown('Use <b>bold</b> & <i>care</i>')).toBe(
      '<p>Use &lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;care&lt;/i&gt;</p>',
    );
  });

  it.each([
    ['inline link', '[shop](https://shop.example/a?b=1&c=2)', 'https://shop.example/a?b=1&c=2'],
    ['plain URL', 'see https://shop.example/help', 'https://shop.example/help'],
    ['www autolink, as https', 'see www.example.com', 'https://www.example.com'],
    ['angle autolink', '<https://shop.example>', 'https://shop.example'],
    ['mail link', '[mail us](mailto:help@shop.example)', 'mailto:help@shop.example'],
  ])('keeps a safe %s and marks it nofollow ugc noopener', (_name, source, href) => {
    expect(linksOf(renderMarkdown(source))).toEqual([{ name: 'a', attributes: { href, rel: LINK_REL } }]);
  });

  it.each([
    ['a path', '[faq](/faq#returns)', 'faq'],
    ['a fragment', '[top](#top)', 'top'],
    ['a query', '[search](?q=boots)', 'search'],
    ['a parent path', '[up](../account)', 'up'],
    ['a protocol-relative link', '[x](//evil.example)', 'x'],
    ['https without slashes, relative to the page', '[x](https:account)', 'x'],
    ['https with backslashes', '[x](https:\\\\evil.example)', 'x'],
    ['plain http', '[shop](http://shop.example)', 'shop'],
    ['a bare http URL', 'see http://shop.example/help', 'see http://shop.example/help'],
  ])('shows %s as its text, not as a link', (_name, source, text) => {
    const html = renderMarkdown(source);
    expect(linksOf(html)).toEqual([]);
    expect(html).toBe(`<p>${text}</p>`);
  });

  it('keeps link titles as inert text', () => {
    const [link] = linksOf(renderMarkdown('[x](https://ok.example "Say \\"hi\\" <b>")'));
    expect(link?.attributes).toEqual({ href: 'https://ok.example', title: 'Say "hi" <b>', rel: LINK_REL });
  });

  it('renders the formatting people use', () => {
    const html = renderMarkdown(
      '# Size\n\n**bold** _it_ ~~gone~~ `code`\n\n- one\n- two\n\n3. three\n\n> quoted\nline',
    );
    expect(tagsOf(html).map((t) => t.name)).toEqual([
      'h1',
      'p',
      'strong',
      'em',
      's',
      'code',
      'ul',
      'li',
      'li',
      'ol',
      'li',
      'blockquote',
      'p',
      'br',
    ]);
    expect(tagsOf(html).find((t) => t.name === 'ol')?.attributes).toEqual({ start: '3' });
  });

  it('drops images entirely', () => {
    expect(renderMarkdown('![logo](https://img.example/logo.png)')).toBe('<p></p>');
  });
});

describe('plain excerpts', () => {
  it('strips markup and collapses whitespace', () => {
    expect(plainExcerpt('# Title\n\n**Bold** and [a link](https://x.example)\n\n- item')).toBe(
      'Title Bold and a link item',
    );
  });

  it('turns entities back into the characters people typed', () => {
    expect(plainExcerpt('Fish & chips <b> "quoted" it\'s')).toBe('Fish & chips <b> "quoted" it\'s');
  });

  it('cuts long text with an ellipsis at the limit', () => {
    const excerpt = plainExcerpt('word '.repeat(100), 50);
    expect(excerpt).toHaveLength(50);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(plainExcerpt('short', 50)).toBe('short');
  });
});

describe('counting links', () => {
  it('counts rendered links, including bare URLs, and ignores dropped ones', () => {
    expect(countLinks('no links here')).toBe(0);
    expect(countLinks('[a](https://a.example) and https://b.example and www.example.com')).toBe(3);
    expect(countLinks('[bad](javascript:alert(1)) `https://in.code`')).toBe(0);
  });
});

describe('the inspector itself', () => {
  it('catches what the sanitizer must remove', () => {
    expect(unsafeParts('<a href="jav&#x09;ascript:alert(1)" rel="nofollow ugc noopener">x</a>')).toEqual([
      'href jav\tascript:alert(1)',
    ]);
    expect(unsafeParts('<p onclick="x">a</p>')).toEqual(['attribute onclick on <p>']);
    expect(unsafeParts('<a href="https://x.example">x</a>')).toEqual(['rel (none)']);
    expect(unsafeParts('<a href="//x.example" rel="opener">x</a>')).toEqual([
      'protocol-relative href //x.example',
      'rel opener',
    ]);
    expect(unsafeParts('<img src=x>')).toEqual(['active tag', 'tag <img>', 'attribute src on <img>']);
    expect(schemeOf(' \tJaVa\nScript:alert(1)')).toBe('javascript:');
  });
});
