import { describe, expect, it } from 'vitest';
import { appendBlock, imageMarkdown } from '../../widget/src/images/image-uploader.js';

const URL = 'https://booth.example.com/images/site_ab12/AbCdEfGhIjKlMnOpQrStUv';

describe('the markdown the composer inserts for a picture', () => {
  it('keeps the alt text on one line and unable to close its brackets', () => {
    expect(imageMarkdown('  Worn heel\nof the [left] shoe \\ ', URL)).toBe(
      `![Worn heel of the \\[left\\] shoe \\\\](${URL})`,
    );
  });

  it('goes on a paragraph of its own after the text, or alone in an empty post', () => {
    expect(appendBlock('Here is the shoe.  \n\n', '![a](u)')).toBe('Here is the shoe.\n\n![a](u)\n');
    expect(appendBlock('', '![a](u)')).toBe('![a](u)\n');
  });
});
