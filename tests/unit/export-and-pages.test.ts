import { htmlToText, jsonLdText } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { brandPageUrl } from '../../server/src/domain/brand-pages.js';
import { escapeHtml } from '../../server/src/domain/escape-html.js';
import { disqusHtmlToMarkdown } from '../../server/src/domain/export/disqus-import.js';
import { insightsPeriod } from '../../server/src/domain/insights.js';
import { renderMarkdown } from '../../server/src/domain/markdown.js';

describe('disqusHtmlToMarkdown', () => {
  it('keeps paragraphs, breaks, links, emphasis, code and quotes', () => {
    expect(
      disqusHtmlToMarkdown(
        '<p>Hi <b>there</b> &amp; <i>you</i></p><p>See <a href="https://x.example/a?b=1&amp;c=2">docs</a><br>and <code>npm i</code></p><blockquote>quoted\nline</blockquote>',
      ),
    ).toBe('Hi **there** & *you*\n\nSee [docs](https://x.example/a?b=1&c=2)\nand `npm i`\n\n> quoted\n> line');
  });

  it('drops unsafe links and tags, and escapes markdown in plain text', () => {
    const md = disqusHtmlToMarkdown('<p><script>alert(1)</script><a href="javascript:alert(2)">click</a> 2*3 [x]</p>');
    expect(md).toBe('alert(1)click 2\\*3 \\[x\\]');
    expect(renderMarkdown(md)).not.toMatch(/<script|javascript:/);
  });
});

describe('thread pages', () => {
  it('fill the brand page template and escape HTML', () => {
    const thread = { id: '7', board: 'rain jackets', title: 'Is it warm?' };
    expect(brandPageUrl('https://b.example/p/{board}?t={thread}#{slug}', thread)).toBe(
      'https://b.example/p/rain%20jackets?t=7#is-it-warm',
    );
    expect(brandPageUrl(null, thread)).toBeNull();
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });

  it('turn sanitized HTML into text for JSON-LD, which no tag can close', () => {
    expect(htmlToText('<p>One &amp; <strong>two</strong></p><p>Three<br>four</p>')).toBe('One & two\nThree\nfour');
    expect(jsonLdText({ t: '</script><script>' })).toBe('{"t":"\\u003c/script>\\u003cscript>"}');
  });
});

describe('insightsPeriod', () => {
  it('covers whole UTC days, the last one being today up to now', () => {
    const now = new Date('2026-03-10T15:30:00Z');
    expect(insightsPeriod(now, 7)).toEqual({ from: new Date('2026-03-04T00:00:00Z'), to: now });
    expect(insightsPeriod(now, 30).from.toISOString()).toBe('2026-02-09T00:00:00.000Z');
  });
});
