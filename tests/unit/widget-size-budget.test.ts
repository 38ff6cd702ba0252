import { describe, expect, it } from 'vitest';
import { staticClosure } from '../../widget/build-plugins.js';

describe('the widget build’s first-load set', () => {
  const imports: Record<string, string[]> = {
    'embed.js': [],
    'widget.js': ['lit.js'],
    'lit.js': ['widget.js'],
    'search.js': ['widget.js', 'lookup.js'],
    'lookup.js': [],
  };

  it('holds the entries and every chunk they import statically, once, even through cycles', () => {
    expect(staticClosure(['embed.js', 'widget.js'], (file) => imports[file] ?? []).sort()).toEqual([
      'embed.js',
      'lit.js',
      'widget.js',
    ]);
  });

  it('leaves out chunks only a dynamic import reaches', () => {
    expect(staticClosure(['widget.js'], (file) => imports[file] ?? [])).not.toContain('search.js');
  });
});
