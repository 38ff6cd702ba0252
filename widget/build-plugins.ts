import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { transform as transformCss } from 'lightningcss';
import ts from 'typescript';
import type { Plugin, Rolldown } from 'vite';

type OutputChunk = Rolldown.OutputChunk;

/** A statement Lit runs at load, and what the widget puts in its place. */
interface Rewrite {
  file: RegExp;
  find: RegExp;
  replace: string;
}

// Lit records its versions and property metadata on `globalThis`. The embed promises brand pages
// that it adds nothing to their globals but its element, so these become module-local. Each
// pattern must match exactly once: a Lit upgrade that changes them fails the build instead of
// silently leaking globals again.
const REWRITES: Rewrite[] = [
  { file: /lit-html\/lit-html\.js$/, find: /\(\w+\.litHtmlVersions\?\?=\[\]\)\.push\("[\d.]+"\)/, replace: 'void 0' },
  {
    file: /lit-element\/lit-element\.js$/,
    find: /\(\w+\.litElementVersions\?\?=\[\]\)\.push\("[\d.]+"\)/,
    replace: 'void 0',
  },
  {
    file: /reactive-element\/reactive-element\.js$/,
    find: /\(\w+\.reactiveElementVersions\?\?=\[\]\)\.push\("[\d.]+"\)/,
    replace: 'void 0',
  },
  // Property metadata only serves standard decorators; the widget uses Lit's legacy decorators,
  // so an empty module-local map answers every lookup.
  {
    file: /reactive-element\/reactive-element\.js$/,
    find: /Symbol\.metadata\?\?=Symbol\("metadata"\),\w+\.litPropertyMetadata\?\?=new WeakMap;/,
    replace: 'const boothPropertyMetadata=new WeakMap;',
  },
  {
    file: /reactive-element\/reactive-element\.js$/,
    find: /const (\w+)=this\[Symbol\.metadata\];if\(null!==\1\)\{const (\w+)=litPropertyMetadata\.get\(\1\)/,
    replace: 'const $1=Symbol.metadata&&this[Symbol.metadata];if(null!=$1){const $2=boothPropertyMetadata.get($1)',
  },
];

/** Keeps Lit from writing to the host page's globals (see REWRITES). */
export function litWithoutGlobals(): Plugin {
  return {
    name: 'booth:lit-without-globals',
    apply: 'build',
    transform(code, id) {
      const rules = REWRITES.filter((rule) => rule.file.test(id));
      if (rules.length === 0) return null;
      let out = code;
      for (const rule of rules) {
        const matches = out.match(new RegExp(rule.find.source, 'g'))?.length ?? 0;
        if (matches !== 1) this.error(`expected one match of ${rule.find} in ${id}, found ${matches}`);
        out = out.replace(rule.find, rule.replace);
      }
      return { code: out, map: null };
    },
  };
}

/**
 * Minifies one `css` template with Lightning CSS (the minifier Vite itself uses for style files):
 * comments, whitespace, leading zeros, merged rules. No targets are given, so no syntax is lowered.
 * Invalid CSS fails the build.
 *
 * @example minifyCss(':host { display: block; } /* why *\/ .a { margin: 0.5em; }') // ':host{display:block}.a{margin:.5em}'
 */
export function minifyCss(text: string): string {
  const { code } = transformCss({
    filename: 'template.css',
    code: Buffer.from(text),
    minify: true,
    errorRecovery: false,
  });
  return code.toString();
}

/**
 * Minifies the CSS of the widget's `css` tagged templates, which the bundler leaves as written.
 * Only templates without `${}` are touched, so no expression is ever rewritten.
 */
export function minifyCssTemplates(include: RegExp): Plugin {
  return {
    name: 'booth:minify-css-templates',
    apply: 'build',
    transform(code, id) {
      if (!include.test(id)) return null;
      const out = code.replace(/\bcss`([^`$]*)`/g, (_match, body: string) => `css\`${minifyCss(body)}\``);
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * Collapses the line breaks and indentation in the static text of every `html` tagged template
 * of a module to one space, which is how HTML renders them anyway (the widget's templates hold
 * no `<pre>` and no text inside a `<textarea>`). Expressions are never touched: only the text
 * between them, as the TypeScript parser finds it, is rewritten.
 */
export function minifyHtml(code: string): string {
  const file = ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const texts: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'html') {
      const t = node.template;
      // Each piece's own text, without its backtick, `${` or `}`.
      const piece = (p: ts.Node, tail: boolean) => texts.push([p.getStart(file) + 1, p.end - (tail ? 1 : 2)]);
      if (ts.isNoSubstitutionTemplateLiteral(t)) piece(t, true);
      else {
        piece(t.head, false);
        for (const span of t.templateSpans) piece(span.literal, ts.isTemplateTail(span.literal));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = code;
  for (const [start, end] of texts.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + out.slice(start, end).replace(/[ \t]*\n\s*/g, ' ') + out.slice(end);
  }
  return out;
}

/** Minifies the widget's `html` tagged templates (see `minifyHtml`), which the bundler leaves as written. */
export function minifyHtmlTemplates(include: RegExp): Plugin {
  return {
    name: 'booth:minify-html-templates',
    apply: 'build',
    transform(code, id) {
      if (!include.test(id) || !code.includes('html`')) return null;
      const out = minifyHtml(code);
      return out === code ? null : { code: out, map: null };
    },
  };
}

export interface SizeBudgetOptions {
  /** The entries a page loads at once (by entry name): each, with every chunk it imports statically, counts against the budget. */
  firstLoad: string[];
  /**
   * Modules of which the page needs one before its first paint, though it imports them on
   * demand (the language catalogs: one per language, and a board shows nothing until its
   * language's words are in). The largest chunk holding one of them counts too, with its static imports.
   */
  paintWaitsForOneOf?: RegExp;
  /** The build fails when the first load passes this many bytes, summing each file's gzip size. */
  maxGzipBytes: number;
}

/** One output chunk as the budget sees it: its place in the module graph and its compressed sizes. */
export interface SizedChunk {
  fileName: string;
  /** The entry name, for entries. */
  name: string;
  isEntry: boolean;
  /** Chunks it imports statically. */
  imports: readonly string[];
  /** The source modules bundled into it. */
  moduleIds: readonly string[];
  minified: number;
  gzip: number;
  brotli: number;
}

/** What a page loads before the board's first paint, and whether it fits the budget. */
export interface FirstLoad {
  /** The entries' static closure plus the largest closure of a chunk the paint waits for. */
  files: string[];
  /** The chunk the paint waits for that was counted (the largest of its kind), if any. */
  waitedFor: string | null;
  gzip: number;
  over: boolean;
  /** One line per chunk (sizes, first load or on demand) and the total against the budget. */
  report: string;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The files `roots` need before they run: themselves and, transitively, their static imports. */
export function staticClosure(roots: readonly string[], importsOf: (file: string) => readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of importsOf(file)) visit(imported);
  };
  for (const root of roots) visit(root);
  return [...seen];
}

/**
 * Sums what loads before the first paint: the entries and their static imports, and of the chunks
 * the paint waits for (`paintWaitsForOneOf`) the one adding the most gzip bytes, so the budget
 * holds for every language. Throws when an entry is missing.
 */
export function firstLoad(chunks: readonly SizedChunk[], options: SizeBudgetOptions): FirstLoad {
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const importsOf = (file: string) => byFile.get(file)?.imports ?? [];
  const gzipOf = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + (byFile.get(file)?.gzip ?? 0), 0);
  const entries = options.firstLoad.map((name) => {
    const entry = chunks.find((chunk) => chunk.isEntry && chunk.name === name);
    if (!entry) throw new Error(`no entry named ${name} in the bundle`);
    return entry.fileName;
  });
  const first = new Set(staticClosure(entries, importsOf));
  const waits = options.paintWaitsForOneOf;
  let waitedFor: string | null = null;
  let extra: string[] = [];
  for (const chunk of waits ? chunks.filter((c) => c.moduleIds.some((id) => waits.test(id))) : []) {
    const added = staticClosure([chunk.fileName], importsOf).filter((file) => !first.has(file));
    if (waitedFor === null || gzipOf(added) > gzipOf(extra)) [waitedFor, extra] = [chunk.fileName, added];
  }
  const files = [...first, ...extra];
  const counted = new Set(files);
  const gzip = gzipOf(files);
  const lines = chunks.map((chunk) => {
    const when = first.has(chunk.fileName)
      ? 'first load'
      : counted.has(chunk.fileName)
        ? 'first load: the largest the first paint waits for'
        : 'on demand';
    return `  ${chunk.fileName}: ${kb(chunk.minified)} minified, ${kb(chunk.gzip)} gzip, ${kb(chunk.brotli)} brotli (${when})`;
  });
  const over = gzip > options.maxGzipBytes;
  const summary = `first load: ${kb(gzip)} gzip (budget ${kb(options.maxGzipBytes)} gzip)`;
  return { files, waitedFor, gzip, over, report: `${lines.join('\n')}\n${summary}` };
}

/**
 * Prints each chunk's minified, gzip and brotli size, marking the ones a page loads on demand,
 * and fails the build when the first load (see `firstLoad`) passes the budget. Each file is
 * compressed on its own, as a server sends it.
 */
export function sizeBudget(options: SizeBudgetOptions): Plugin {
  return {
    name: 'booth:size-budget',
    apply: 'build',
    writeBundle(output, bundle) {
      const chunks = Object.values(bundle)
        .filter((file): file is OutputChunk => file.type === 'chunk')
        .map((chunk): SizedChunk => {
          const code = readFileSync(join(output.dir ?? 'dist', chunk.fileName));
          return {
            fileName: chunk.fileName,
            name: chunk.name,
            isEntry: chunk.isEntry,
            imports: chunk.imports,
            moduleIds: chunk.moduleIds,
            minified: code.length,
            gzip: gzipSync(code, { level: 9 }).length,
            brotli: brotliCompressSync(code).length,
          };
        });
      let load: FirstLoad;
      try {
        load = firstLoad(chunks, options);
      } catch (error) {
        this.error(error instanceof Error ? error.message : String(error));
      }
      if (load.over) this.error(`over the size budget:\n${load.report}`);
      console.log(`\n${load.report}`);
    },
  };
}

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy next to every script of the build, which the
 * server sends to browsers that accept them (`preCompressed` in
 * server/src/plugins/widget-assets.ts): each file is compressed once, at build time and at the
 * formats' highest levels, instead of on every request or not at all.
 */
export function precompressedCopies(): Plugin {
  return {
    name: 'booth:precompressed-copies',
    apply: 'build',
    writeBundle(output, bundle) {
      for (const { fileName } of Object.values(bundle)) {
        if (!fileName.endsWith('.js')) continue;
        const path = join(output.dir ?? 'dist', fileName);
        const code = readFileSync(path);
        // Brotli's default quality is its highest (11).
        writeFileSync(`${path}.br`, brotliCompressSync(code));
        writeFileSync(`${path}.gz`, gzipSync(code, { level: 9 }));
      }
    },
  };
}
