/**
 * The `booth export`, `booth import` and `booth import-disqus` commands: a site's data in and out.
 * They work on the database directly, so they need no running server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { importDisqus } from '../domain/export/disqus-import.js';
import { exportSite, type ImageDeps } from '../domain/export/site-export.js';
import { importSite } from '../domain/export/site-import.js';
import { required, userPath } from './cli-arguments.js';

export const SITE_DATA_USAGE = `  export --site KEY [--out FILE]
              write the site's boards, threads, posts, votes, members and images as JSON (stdout by default)
  import --file FILE [--key NEWKEY | --into KEY]
              import an export as a new site (its own key, or NEWKEY), or merge it into site KEY
  import-disqus --site KEY --board SLUG --file FILE
              import a Disqus XML export into a board: each Disqus thread becomes a discussion
`;

const OPTIONS = {
  site: { type: 'string' },
  out: { type: 'string' },
  file: { type: 'string' },
  key: { type: 'string' },
  into: { type: 'string' },
  board: { type: 'string' },
} as const;

/** Runs `export`, `import` or `import-disqus`; returns the exit code, or null when `args` is none of them. */
export async function runSiteDataCommand(
  args: string[],
  db: () => Promise<Kysely<Database>>,
  out: (text: string) => void,
  images: ImageDeps,
): Promise<number | null> {
  const [group, ...rest] = args;
  if (group !== 'export' && group !== 'import' && group !== 'import-disqus') return null;
  const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
  const conn = await db();
  if (group === 'export') {
    const doc = await exportSite(conn, required(values, 'site'), new Date(), images);
    const json = `${JSON.stringify(doc, null, 2)}\n`;
    if (values.out) {
      writeFileSync(userPath(values.out), json);
      out(
        `wrote ${doc.threads.length} threads, ${doc.posts.length} posts, ${doc.members.length} members, ${doc.images.length} images to ${values.out}\n`,
      );
    } else {
      out(json);
    }
    return 0;
  }
  if (group === 'import') {
    const doc = JSON.parse(readFileSync(userPath(required(values, 'file')), 'utf8')) as unknown;
    const summary = await importSite(conn, doc, images, {
      ...(values.key ? { key: values.key } : {}),
      ...(values.into ? { into: values.into } : {}),
    });
    out(
      `${summary.created ? 'created' : 'merged into'} site ${summary.siteKey}: ${summary.boards} boards, ${summary.threads} threads, ${summary.posts} posts, ${summary.members} members, ${summary.votes} votes, ${summary.images} images\n`,
    );
    if (summary.created) out('The new site has a new SSO secret: read it with your database tools or set your own.\n');
    return 0;
  }
  if (group === 'import-disqus') {
    const xml = readFileSync(userPath(required(values, 'file')), 'utf8');
    const s = await importDisqus(conn, required(values, 'site'), required(values, 'board'), xml);
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    out(
      `imported ${count(s.threads, 'discussion', 'discussions')} with ${count(s.posts, 'comment', 'comments')}; ` +
        `${count(s.members, 'new member', 'new members')}` +
        `${s.skipped ? `; ${count(s.skipped, 'discussion', 'discussions')} imported before, left unchanged` : ''}\n`,
    );
    return 0;
  }
  return null;
}
