/**
 * The `booth export`, `booth import`, `booth import-disqus`, `booth webhook …` and
 * `booth settings` commands. They work on the database directly, so they need no running server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WEBHOOK_EVENTS, type WebhookEventName } from '@booth/shared';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import { findSiteByKey } from './db/sites.queries.js';
import { deleteWebhook, listWebhooks } from './db/webhooks.queries.js';
import { DomainError } from './domain/domain-error.js';
import { importDisqus } from './domain/export/disqus-import.js';
import { exportSite } from './domain/export/site-export.js';
import { importSite } from './domain/export/site-import.js';
import { setPageUrlTemplate } from './domain/thread-page.js';
import { addWebhook, setUnansweredThreshold } from './domain/webhooks/webhooks.js';

export const REACH_USAGE = `  export --site KEY [--out FILE]
              write the site's boards, threads, posts, votes and members as JSON (stdout by default)
  import --file FILE [--key NEWKEY | --into KEY]
              import an export as a new site (its own key, or NEWKEY), or merge it into site KEY
  import-disqus --site KEY --board SLUG --file FILE
              import a Disqus XML export into a board: each Disqus thread becomes a discussion
  webhook add --site KEY --url URL [--event NAME ...]
              send events (${WEBHOOK_EVENTS.join(', ')}; default all) to URL; prints the signing secret
  webhook list --site KEY | webhook remove --site KEY --id ID
  settings --site KEY [--page-url TEMPLATE] [--unanswered-minutes N]
              brand page of a thread for canonical links ({board}, {thread}, {slug}), and the
              minutes after which a question without an accepted answer fires question.unanswered
`;

const GROUPS = new Set(['export', 'import', 'import-disqus', 'webhook', 'settings']);

/** True when `group` is one of this file's commands. */
export function isReachCommand(group: string | undefined): boolean {
  return group !== undefined && GROUPS.has(group);
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new DomainError('invalid_message', `--${name} is required`);
  return value.trim();
}

/** A path as the user typed it: `pnpm booth` runs in the server package, so resolve from where it was called. */
function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

async function siteId(db: Kysely<Database>, key: string): Promise<string> {
  const site = await findSiteByKey(db, key);
  if (!site) throw new DomainError('unknown_site', `No site with key ${key}.`);
  return site.id;
}

/** Runs one of this file's commands; returns the exit code, or null when `args` is not one of them. */
export async function runReachCommand(
  args: string[],
  db: () => Promise<Kysely<Database>>,
  out: (text: string) => void,
  /** Networks the operator allows webhooks to reach besides public addresses. */
  internalTargets: readonly string[] = [],
): Promise<number | null> {
  const [group, ...rest] = args;
  const options = {
    site: { type: 'string' },
    out: { type: 'string' },
    file: { type: 'string' },
    key: { type: 'string' },
    into: { type: 'string' },
    board: { type: 'string' },
    url: { type: 'string' },
    event: { type: 'string', multiple: true },
    id: { type: 'string' },
    'page-url': { type: 'string' },
    'unanswered-minutes': { type: 'string' },
  } as const;
  if (group === 'webhook') {
    const [action, ...more] = rest;
    const { values } = parseArgs({ args: more, options, strict: true });
    const conn = await db();
    const site = await siteId(conn, required(values, 'site'));
    if (action === 'add') {
      const events = (values.event ?? WEBHOOK_EVENTS) as WebhookEventName[];
      const hook = await addWebhook(conn, site, required(values, 'url'), events, { internalTargets });
      out(`webhook ${hook.id} → ${hook.url}\nevents: ${hook.events.join(', ')}\nsigning secret: ${hook.secret}\n`);
      return 0;
    }
    if (action === 'list') {
      for (const h of await listWebhooks(conn, site)) out(`${h.id}\t${h.url}\t${h.events.join(',')}\n`);
      return 0;
    }
    if (action === 'remove') {
      if (!(await deleteWebhook(conn, site, required(values, 'id'))))
        throw new DomainError('not_found', 'No such webhook.');
      out('removed\n');
      return 0;
    }
    return null;
  }
  if (!isReachCommand(group)) return null;
  const { values } = parseArgs({ args: rest, options, strict: true });
  const conn = await db();
  if (group === 'export') {
    const doc = await exportSite(conn, required(values, 'site'), new Date());
    const json = `${JSON.stringify(doc, null, 2)}\n`;
    if (values.out) {
      writeFileSync(userPath(values.out), json);
      out(
        `wrote ${doc.threads.length} threads, ${doc.posts.length} posts, ${doc.members.length} members to ${values.out}\n`,
      );
    } else {
      out(json);
    }
    return 0;
  }
  if (group === 'import') {
    const doc = JSON.parse(readFileSync(userPath(required(values, 'file')), 'utf8')) as unknown;
    const summary = await importSite(conn, doc, {
      ...(values.key ? { key: values.key } : {}),
      ...(values.into ? { into: values.into } : {}),
    });
    out(
      `${summary.created ? 'created' : 'merged into'} site ${summary.siteKey}: ${summary.boards} boards, ${summary.threads} threads, ${summary.posts} posts, ${summary.members} members, ${summary.votes} votes\n`,
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
  if (group === 'settings') {
    const site = await siteId(conn, required(values, 'site'));
    if (values['page-url'] !== undefined) await setPageUrlTemplate(conn, site, values['page-url'] || null);
    if (values['unanswered-minutes'] !== undefined) {
      await setUnansweredThreshold(conn, site, Number(values['unanswered-minutes']));
    }
    out('saved\n');
    return 0;
  }
  return null;
}
