/**
 * Every surface speaks all of Booth's languages from its catalogs: each catalog has exactly the
 * keys of English, with the plural forms its language needs and English's placeholders, and no
 * Lit template of the surface holds words of its own (text, or a label, title, placeholder or alt).
 *
 * A surface is a folder of sources and the folder of its catalogs (`en.ts` and one module per
 * language, each exporting its catalog by default). Add a surface to SURFACES once its catalogs exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, LANGUAGES } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import {
  catalogProblems,
  folderLiterals,
  sourceFiles,
  type TemplateKind,
  templateLiterals,
} from '../helpers/i18n-check.js';

interface Surface {
  name: string;
  /** Folders (or single files) whose templates must take every word from the catalogs. */
  sources: string[];
  /** The folder of `en.ts`, `de.ts`, … */
  catalogs: string;
  /**
   * Further folders of `en.ts`, `de.ts`, …, each a part of the surface's words loaded on its own
   * (the widget's list words, which its first paint needs): each complete, and no key in two parts.
   */
  parts?: string[];
  /** Lit `html` templates (the default), or HTML built in plain template strings (server pages). */
  templates?: TemplateKind;
}

const root = join(import.meta.dirname, '../..');

const SURFACES: Surface[] = [
  { name: 'the widget', sources: ['widget/src'], catalogs: 'widget/src/i18n', parts: ['widget/src/i18n/list'] },
  { name: 'the moderation view', sources: ['moderate/src'], catalogs: 'moderate/src/i18n' },
  { name: 'the server pages', sources: ['server/src/pages'], catalogs: 'server/src/i18n', templates: 'strings' },
  {
    name: 'the emails and the pages behind their links',
    sources: [
      'server/src/domain/mail',
      'server/src/jobs/staff-alerts.ts',
      'server/src/transport/mail-page.ts',
      'server/src/transport/mail-http.ts',
      'server/src/transport/privacy-http.ts',
    ],
    catalogs: 'server/src/i18n',
    templates: 'strings',
  },
];

async function loadCatalog(folder: string, language: string): Promise<Catalog> {
  return ((await import(join(root, folder, `${language}.ts`))) as { default: Catalog }).default;
}

describe.each(SURFACES)('$name', (surface) => {
  const folders = [surface.catalogs, ...(surface.parts ?? [])];

  it.each(folders)('has a complete catalog for every language in %s', async (folder) => {
    const english = await loadCatalog(folder, 'en');
    const problems = [...catalogProblems('en', english, english)];
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const file = join(root, folder, `${language}.ts`);
      if (!existsSync(file)) problems.push(`${language}: no catalog at ${file}`);
      else problems.push(...catalogProblems(language, await loadCatalog(folder, language), english));
    }
    expect(problems).toEqual([]);
  });

  it('has each key in one part of its catalogs only', async () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const folder of folders) {
      for (const key of Object.keys(await loadCatalog(folder, 'en'))) {
        const other = seen.get(key);
        if (other) twice.push(`${key}: in ${other} and ${folder}`);
        seen.set(key, folder);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
    expect(twice).toEqual([]);
  });

  it('has no words in its templates that are not from a catalog', () => {
    // A misspelt folder would pass with nothing read.
    for (const folder of surface.sources) expect(sourceFiles(join(root, folder)).length).toBeGreaterThan(0);
    const literals = surface.sources.flatMap((folder) =>
      folderLiterals(
        join(root, folder),
        folders.flatMap((folder) => LANGUAGES.map((language) => join(root, folder, `${language}.ts`))),
        surface.templates,
      ),
    );
    expect(literals.map((l) => `${l.file.slice(root.length + 1)}:${l.line}: ${l.text}`)).toEqual([]);
  });
});

describe('the catalog check', () => {
  const english = {
    hello: 'Hello {name}',
    replies: { one: '{count} reply', other: '{count} replies' },
    bye: 'Bye',
  };

  it('passes a complete catalog, even one that spells out a count ("one reply")', () => {
    const arabic = {
      hello: 'مرحبًا {name}',
      replies: {
        zero: 'لا ردود',
        one: 'رد واحد',
        two: 'ردّان',
        few: '{count} ردود',
        many: '{count} ردًا',
        other: '{count} رد',
      },
      bye: 'مع السلامة',
    };
    expect(catalogProblems('ar', arabic, english)).toEqual([]);
  });

  it('fails a catalog that lacks a key, has an extra one, or changes a placeholder', () => {
    expect(
      catalogProblems('de', { hello: 'Hallo {nom}', replies: { one: '1', other: '{count}' }, extra: 'x' }, english),
    ).toEqual([
      'de: lacks "bye"',
      'de: "hello" has placeholders nom, English name',
      'de: has "extra", which English does not',
    ]);
  });

  it('fails a plural message without the forms its language needs', () => {
    const french = {
      hello: 'Bonjour {name}',
      replies: { one: '{count} réponse', other: '{count} réponses' },
      bye: 'Au revoir',
    };
    expect(catalogProblems('fr', french, english)).toEqual(['fr: "replies" lacks the plural forms many']);
    expect(catalogProblems('ar', { ...french, replies: { other: '{count} رد' } }, english)).toEqual([
      'ar: "replies" lacks the plural forms few, many, one, two, zero',
    ]);
    expect(catalogProblems('de', { ...french, replies: 'Antworten' }, english)).toEqual([
      'de: "replies" is plain, English is not',
    ]);
  });
});

describe('the template check', () => {
  const literals = (source: string) => templateLiterals('view.ts', source).map((l) => l.text);

  it('finds text, read attributes and literal branches written into a template', () => {
    const source = `
      const view = (busy: boolean, n: number) => html\`
        <p class="note">Nothing here yet</p>
        <button aria-label="Close" title=\${busy ? 'Wait' : t('ok')}>\${busy ? 'Posting…' : t('post')}</button>
        <span aria-label="Score \${n}">\${n}</span>
        <input placeholder='Search…' .value=\${'typed'} />
        <img alt=\${'A shoe'} src="shoe.png" />\`;
    `;
    expect(literals(source)).toEqual([
      'Nothing here yet',
      'aria-label="Close"',
      'Wait',
      'Posting…',
      'aria-label="Score "',
      'placeholder="Search…"',
      'A shoe',
    ]);
  });

  it('passes words from a catalog, markup without words, and attributes nobody reads', () => {
    const source = `
      const view = (tr: Translator, n: number) => html\`
        <!-- Shown while loading -->
        <div class="board list" part="board" data-kind="question" aria-busy="true">
          <span aria-hidden="true">🔔 ▲ ← ✓ · 42</span> \${tr.t('bell.unread', { count: n })}
          <a href=\${'https://example.com/feed'} type="application/atom+xml">\${tr.t('list.feed')}</a>
          <input placeholder=\${tr.t('search.placeholder')} autocomplete="off" />
        </div>\`;
    `;
    expect(literals(source)).toEqual([]);
  });

  it('reads HTML built in plain template strings, markup inside string branches too', () => {
    const source = `
      const page = (title: string, accepted: boolean, t: (key: string) => string) => \`<!doctype html>
        <html lang="en"><title>\${escape(title)} – Booth</title>
        <p>\${accepted ? ' · <strong>Accepted answer</strong>' : ''} \${t('posted')}</p>
        \${title ? \`<p class="more"><a href="\${escape(title)}">Join us on \${escape(title)}</a></p>\` : ''}
        <img alt="Logo" src="/logo.png"></html>\`;
      const css = \`body{margin:0}\`;
    `;
    expect(templateLiterals('page.ts', source, 'strings').map((l) => l.text)).toEqual([
      '– Booth',
      'Accepted answer',
      'alt="Logo"',
      'Join us on',
    ]);
  });
});
