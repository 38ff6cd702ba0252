import { describe, expect, it } from 'vitest';

// Source text under test: `${` here is part of the code being minified, not a placeholder.
const $ = '$';

import { minifyCss, minifyHtml } from '../../widget/build-plugins.js';

describe('minifyHtml (the widget build collapses whitespace in html templates)', () => {
  it('collapses line breaks and indentation in the text of html templates, nested ones too', () => {
    const code = [
      'const a = html`',
      '  <div class="x">',
      '    ${ok ? html`<b>',
      '      yes</b>` : nothing}',
      '  </div>`;',
    ].join('\n');
    expect(minifyHtml(code)).toBe(
      `const a = html\` <div class="x"> ${$}{ok ? html\`<b> yes</b>\` : nothing} </div>\`;`,
    );
  });

  it('leaves expressions, other templates and strings as they are', () => {
    const code = [
      'const s = `line one',
      '  line two`;',
      'const t = css`a {',
      '  color: red; }`;',
      "const h = html`<p>${['x',",
      "  'y'].join('\\n')}</p>`;",
    ].join('\n');
    expect(minifyHtml(code)).toBe(code);
  });
});

describe('minifyCss (the widget build minifies the CSS of css templates)', () => {
  it('drops comments and whitespace and keeps every rule the board relies on', () => {
    const text = [
      ':host {',
      '  display: block;',
      '  --_tint: color-mix(in srgb, var(--_accent) 9%, var(--_bg));',
      '}',
      '/* Arrows point the way the text runs. */',
      "[dir='rtl'] .arrow {",
      '  margin-inline-start: 0.5em;',
      '}',
      '@container (min-width: 40em) {',
      '  .row { gap: 0.25em; }',
      '}',
    ].join('\n');
    expect(minifyCss(text)).toBe(
      ':host{--_tint:color-mix(in srgb, var(--_accent) 9%, var(--_bg));display:block}[dir=rtl] .arrow{margin-inline-start:.5em}@container (width>=40em){.row{gap:.25em}}',
    );
  });

  it('fails on CSS it cannot parse rather than ship it changed', () => {
    expect(() => minifyCss('.a { color: red; } }}} @media {')).toThrow();
  });
});
