/**
 * The `booth webhook …` and `booth settings` commands: where a site's events go, and the
 * settings they use. They work on the database directly, so they need no running server.
 */
import { parseArgs } from 'node:util';
import { WEBHOOK_EVENTS, type WebhookEventName } from '@booth/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { deleteWebhook, listWebhooks } from '../db/webhooks.queries.js';
import { setPageUrlTemplate } from '../domain/brand-pages.js';
import { DomainError } from '../domain/domain-error.js';
import { addWebhook, setUnansweredThreshold } from '../domain/webhooks/webhooks.js';
import { required, siteIdOf } from './cli-arguments.js';

export const WEBHOOK_USAGE = `  webhook add --site KEY --url URL [--event NAME ...]
              send events (${WEBHOOK_EVENTS.join(', ')}; default all) to URL; prints the signing secret
  webhook list --site KEY | webhook remove --site KEY --id ID
  settings --site KEY [--page-url TEMPLATE] [--unanswered-minutes N]
              brand page of a thread for canonical links ({board}, {thread}, {slug}), and the
              minutes after which a question without an accepted answer fires question.unanswered
`;

const OPTIONS = {
  site: { type: 'string' },
  url: { type: 'string' },
  event: { type: 'string', multiple: true },
  id: { type: 'string' },
  'page-url': { type: 'string' },
  'unanswered-minutes': { type: 'string' },
} as const;

/** Runs `webhook …` or `settings`; returns the exit code, or null when `args` is neither. */
export async function runWebhookCommand(
  args: string[],
  db: () => Promise<Kysely<Database>>,
  out: (text: string) => void,
  /** Networks the operator allows webhooks to reach besides public addresses. */
  internalTargets: readonly string[] = [],
): Promise<number | null> {
  const [group, ...rest] = args;
  if (group === 'webhook') {
    const [action, ...more] = rest;
    const { values } = parseArgs({ args: more, options: OPTIONS, strict: true });
    const conn = await db();
    const site = await siteIdOf(conn, required(values, 'site'));
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
  if (group === 'settings') {
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
    const conn = await db();
    const site = await siteIdOf(conn, required(values, 'site'));
    if (values['page-url'] !== undefined) await setPageUrlTemplate(conn, site, values['page-url'] || null);
    if (values['unanswered-minutes'] !== undefined) {
      await setUnansweredThreshold(conn, site, Number(values['unanswered-minutes']));
    }
    out('saved\n');
    return 0;
  }
  return null;
}
