/**
 * The two halves of the translation check every surface (widget, moderation view, server pages)
 * runs in tests/unit/i18n-catalogs.test.ts: its catalogs say the same things as English, and its
 * Lit templates hold no words of their own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Catalog, Message } from '@booth/shared';
import ts from 'typescript';

const placeholderNames = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string));
const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
const list = (names: Iterable<string>) => [...names].sort().join(', ') || 'none';

/** Placeholders of a message; for plural forms, those of every form but `count`, which a form may spell out ("one reply"). */
function placeholdersOf(message: Message): Set<string> {
  if (typeof message === 'string') return placeholderNames(message);
  const names = new Set(Object.values(message).flatMap((form) => [...placeholderNames(form ?? '')]));
  names.delete('count');
  return names;
}

/**
 * What is wrong with the catalog of `language` against English: keys it lacks or English does not
 * have, a plural message without a form the language's `Intl.PluralRules` picks (or plural where
 * English is plain, or plain where English is plural), empty text, and placeholders that differ.
 */
export function catalogProblems(language: string, catalog: Catalog, english: Catalog): string[] {
  const problems: string[] = [];
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  for (const key of Object.keys(english)) {
    if (!(key in catalog)) problems.push(`${language}: lacks "${key}"`);
  }
  for (const [key, message] of Object.entries(catalog)) {
    const source = english[key];
    if (source === undefined) {
      problems.push(`${language}: has "${key}", which English does not`);
      continue;
    }
    if (typeof source !== typeof message) {
      problems.push(`${language}: "${key}" is ${typeof message === 'string' ? 'plain' : 'plural'}, English is not`);
      continue;
    }
    if (typeof message !== 'string') {
      const missing = categories.filter((category) => !message[category]);
      if (missing.length) problems.push(`${language}: "${key}" lacks the plural forms ${list(missing)}`);
    } else if (message.trim() === '') {
      problems.push(`${language}: "${key}" is empty`);
    }
    const mine = placeholdersOf(message);
    const theirs = placeholdersOf(source);
    if (!sameSet(mine, theirs)) {
      problems.push(`${language}: "${key}" has placeholders ${list(mine)}, English ${list(theirs)}`);
    }
  }
  return problems;
}

/** A user-visible literal in a template: where it is and what it says. */
export interface Literal {
  file: string;
  line: number;
  text: string;
}

/** Attributes people read or hear: their literal values must come from a catalog too. */
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
]);

const hasWords = (text: string) => /\p{L}/u.test(text.replace(/&[#\w]+;/g, ''));

/**
 * String literals an expression can evaluate to directly (`cond ? 'Yes' : 'No'`, `a ?? 'None'`,
 * `` `${n} items` ``). Calls are not entered: `t('list.label')` passes a key, not text.
 */
function literalsOf(node: ts.Expression, out: ts.Node[]): void {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node);
  else if (ts.isTemplateExpression(node)) {
    out.push(node.head, ...node.templateSpans.map((span) => span.literal));
    for (const span of node.templateSpans) literalsOf(span.expression, out);
  } else if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) literalsOf(node.expression, out);
  else if (ts.isConditionalExpression(node)) {
    literalsOf(node.whenTrue, out);
    literalsOf(node.whenFalse, out);
  } else if (ts.isBinaryExpression(node)) {
    literalsOf(node.left, out);
    literalsOf(node.right, out);
  }
}

type Where = { kind: 'text' } | { kind: 'attribute'; name: string } | { kind: 'tag' } | { kind: 'comment' };

/**
 * Walks the static parts of one `html` template as an HTML tokenizer would, reporting text with
 * letters, literal values of READ_ATTRIBUTES, and literals of expressions placed in those spots.
 */
function scanTemplate(template: ts.TemplateLiteral, report: Report, nestedAreOwn = false): void {
  scanHtml(templateParts(template), report, nestedAreOwn);
}

type Report = (node: ts.Node, text: string) => void;

/** The template a piece of template text belongs to. */
function templateOf(node: ts.Node): ts.TemplateLiteral | null {
  if (ts.isNoSubstitutionTemplateLiteral(node)) return node;
  const template = ts.isTemplateHead(node) ? node.parent : node.parent?.parent;
  return template && ts.isTemplateExpression(template) ? template : null;
}

/** A piece of markup between expressions, and the expression after it. */
interface Part {
  text: string;
  node: ts.Node;
  expression: ts.Expression | null;
}

function templateParts(template: ts.TemplateLiteral): Part[] {
  return ts.isNoSubstitutionTemplateLiteral(template)
    ? [{ text: template.text, node: template as ts.Node, expression: null as ts.Expression | null }]
    : [
        {
          text: template.head.text,
          node: template.head as ts.Node,
          expression: template.templateSpans[0]?.expression ?? null,
        },
        ...template.templateSpans.map((span, i) => ({
          text: span.literal.text,
          node: span.literal as ts.Node,
          expression: template.templateSpans[i + 1]?.expression ?? null,
        })),
      ];
}

/**
 * `nestedAreOwn`: a template of markup inside an expression is scanned as a template of its own
 * (HTML built from strings), so it is not read again here as text.
 */
function scanHtml(parts: Part[], report: Report, nestedAreOwn: boolean): void {
  let where: Where = { kind: 'text' };
  let state: 'text' | 'tagName' | 'tag' | 'name' | 'afterName' | 'beforeValue' | 'value' | 'comment' = 'text';
  let quote = '';
  let name = '';
  let buffer = '';
  const isRead = (attribute: string) => READ_ATTRIBUTES.has(attribute.replace(/^[.?]/, '').toLowerCase());
  for (const part of parts) {
    const s = part.text;
    const flushText = () => {
      if (hasWords(buffer)) report(part.node, buffer.trim());
      buffer = '';
    };
    for (let i = 0; i < s.length; i++) {
      const c = s[i] as string;
      switch (state) {
        case 'text':
          if (c === '<') {
            flushText();
            if (s.startsWith('<!--', i)) {
              state = 'comment';
              i += 3;
            } else state = 'tagName';
          } else buffer += c;
          break;
        case 'comment':
          if (s.startsWith('-->', i)) {
            state = 'text';
            i += 2;
          }
          break;
        case 'tagName':
          if (c === '>') state = 'text';
          else if (/\s/.test(c)) state = 'tag';
          break;
        case 'tag':
          if (c === '>') state = 'text';
          else if (!/[\s/]/.test(c)) {
            name = c;
            state = 'name';
          }
          break;
        case 'name':
          if (c === '=') state = 'beforeValue';
          else if (c === '>') state = 'text';
          else if (/\s/.test(c)) state = 'afterName';
          else name += c;
          break;
        case 'afterName':
          if (c === '=') state = 'beforeValue';
          else if (c === '>') state = 'text';
          else if (!/\s/.test(c)) {
            name = c;
            state = 'name';
          }
          break;
        case 'beforeValue':
          if (c === '"' || c === "'") {
            quote = c;
            buffer = '';
            state = 'value';
          } else if (!/\s/.test(c)) {
            quote = '';
            buffer = c;
            state = 'value';
          }
          break;
        case 'value':
          if ((quote && c === quote) || (!quote && (/\s/.test(c) || c === '>'))) {
            if (isRead(name) && hasWords(buffer)) report(part.node, `${name}="${buffer}"`);
            buffer = '';
            state = c === '>' ? 'text' : 'tag';
          } else buffer += c;
          break;
      }
    }
    if (state === 'text') flushText();
    where =
      state === 'text'
        ? { kind: 'text' }
        : state === 'value' || state === 'beforeValue'
          ? { kind: 'attribute', name }
          : state === 'comment'
            ? { kind: 'comment' }
            : { kind: 'tag' };
    if (!part.expression) continue;
    const spoken = where.kind === 'text' || (where.kind === 'attribute' && isRead(where.name));
    if (spoken) {
      const found: ts.Node[] = [];
      literalsOf(part.expression, found);
      for (const literal of found) {
        const text = (literal as ts.LiteralLikeNode).text;
        const template = templateOf(literal);
        if (nestedAreOwn && template && startsWithMarkup(template)) continue;
        // A string of markup (`' · <strong>Accepted</strong>'`) is read as markup.
        if (where.kind === 'text' && text.includes('<')) {
          scanHtml([{ text, node: literal, expression: null }], report, nestedAreOwn);
        } else if (hasWords(text)) report(literal, text);
      }
    }
    // An unquoted attribute value that is one expression ends with it.
    if (state === 'beforeValue') state = 'tag';
  }
}

/**
 * Which templates hold markup: Lit's `html` (and `svg`) tagged templates, or, for code that builds
 * HTML as strings (server-rendered pages), every untagged template that starts with a tag.
 */
export type TemplateKind = 'lit' | 'strings';

const startsWithMarkup = (template: ts.TemplateLiteral) =>
  /^\s*</.test(ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text);

/** User-visible literals in the templates of one TypeScript source. */
export function templateLiterals(file: string, source: string, kind: TemplateKind = 'lit'): Literal[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Literal[] = [];
  const report = (at: ts.Node, text: string) => {
    const line = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1;
    const literal = { file, line, text: text.replace(/\s+/g, ' ') };
    found.push(literal);
  };
  const visit = (node: ts.Node): void => {
    if (
      kind === 'lit' &&
      ts.isTaggedTemplateExpression(node) &&
      ['html', 'svg'].includes(node.tag.getText(sourceFile))
    ) {
      scanTemplate(node.template, report);
    }
    if (
      kind === 'strings' &&
      (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      !ts.isTaggedTemplateExpression(node.parent) &&
      startsWithMarkup(node)
    ) {
      scanTemplate(node, report, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The `.ts` files under `folder` (or `folder` itself, a file), but none of `skip` or under it (the catalogs themselves). */
export function sourceFiles(folder: string, skip: readonly string[] = []): string[] {
  if (statSync(folder).isFile()) return [folder];
  const files: string[] = [];
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (skip.some((s) => relative(s, path) === '' || !relative(s, path).startsWith('..'))) continue;
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path, skip));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

/** Every user-visible template literal in the sources of a folder. */
export function folderLiterals(folder: string, skip: readonly string[] = [], kind: TemplateKind = 'lit'): Literal[] {
  return sourceFiles(folder, skip).flatMap((file) => templateLiterals(file, readFileSync(file, 'utf8'), kind));
}
