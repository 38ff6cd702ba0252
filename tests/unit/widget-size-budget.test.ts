import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstLoad, type SizedChunk, sizeBudget, staticClosure } from '../../widget/build-plugins.js';

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

describe('the widget build’s size budget', () => {
  const chunk = (fileName: string, gzip: number, more: Partial<SizedChunk> = {}): SizedChunk => ({
    fileName,
    name: fileName.replace(/\.js$/, ''),
    isEntry: false,
    imports: [],
    moduleIds: [],
    minified: gzip * 3,
    gzip,
    brotli: gzip,
    ...more,
  });
  const chunks: SizedChunk[] = [
    chunk('embed.js', 300, { isEntry: true }),
    chunk('widget.js', 10_000, { isEntry: true, imports: ['lit.js'] }),
    chunk('lit.js', 6_000),
    chunk('en.js', 3_000, { moduleIds: ['/booth/widget/src/i18n/en.ts'] }),
    chunk('ar.js', 4_500, { moduleIds: ['/booth/widget/src/i18n/ar.ts'], imports: ['plural.js'] }),
    chunk('plural.js', 200),
    chunk('search.js', 2_000, { imports: ['widget.js'] }),
  ];
  const catalog = /[\\/]i18n[\\/][a-z]{2}\.ts$/;
  const options = { firstLoad: ['embed', 'widget'], paintWaitsForOneOf: catalog, maxGzipBytes: 25_000 };

  it('counts the largest catalog the first paint waits for, with its imports, on top of the entries', () => {
    const load = firstLoad(chunks, options);
    expect(load.waitedFor).toBe('ar.js');
    expect(load.files.sort()).toEqual(['ar.js', 'embed.js', 'lit.js', 'plural.js', 'widget.js']);
    expect(load.gzip).toBe(300 + 10_000 + 6_000 + 4_500 + 200);
    expect(load.report).toContain('search.js: 5.9 KB minified, 2.0 KB gzip, 2.0 KB brotli (on demand)');
  });

  it('counts only the entries when nothing holds up the first paint', () => {
    expect(firstLoad(chunks, { ...options, paintWaitsForOneOf: /never-matches/ }).gzip).toBe(16_300);
  });

  it('fails the build when the catalog takes the first load over the budget', () => {
    const dir = mkdtempSync(join(tmpdir(), 'booth-size-'));
    // Random bytes do not compress: each file's gzip size is about its length.
    const sizes: Record<string, number> = { 'embed.js': 300, 'widget.js': 10_000, 'en.js': 3_000, 'ar.js': 4_500 };
    for (const [file, size] of Object.entries(sizes)) writeFileSync(join(dir, file), randomBytes(size));
    const bundle = Object.fromEntries(
      Object.keys(sizes).map((fileName) => [
        fileName,
        {
          type: 'chunk',
          fileName,
          name: fileName.replace(/\.js$/, ''),
          isEntry: fileName === 'embed.js' || fileName === 'widget.js',
          imports: [],
          moduleIds: chunks.find((c) => c.fileName === fileName)?.moduleIds ?? [],
        },
      ]),
    );
    const build = (maxGzipBytes: number, paintWaitsForOneOf = catalog) => {
      const plugin = sizeBudget({ ...options, paintWaitsForOneOf, maxGzipBytes });
      const hook = plugin.writeBundle as unknown as (this: unknown, output: { dir: string }, bundle: unknown) => void;
      const context = {
        error(message: string): never {
          throw new Error(message);
        },
      };
      return () => hook.call(context, { dir }, bundle);
    };
    try {
      // The entries alone (about 10.3 KB) fit 12 KB; with Arabic's 4.5 KB catalog they do not.
      expect(build(12_000, /never-matches/)).not.toThrow();
      expect(build(12_000)).toThrow(/over the size budget[\s\S]*ar\.js.*first paint waits for/);
      expect(build(16_000)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
