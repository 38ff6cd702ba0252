import { describe, expect, it } from 'vitest';

// Source text under test: `${` here is part of the code being minified, not a placeholder.
const $ = '$';

import { minifyHtml } from '../../widget/build-plugins.js';

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
