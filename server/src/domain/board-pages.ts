/**
 * The brand page each board is embedded in. The widget reports the page it runs on when it
 * subscribes; a board without a page keeps the first one reported from one of the site's allowed
 * origins. Staff may set or correct it in the moderation view.
 */
import { type ClientMessageOf, readBoothParams, writeBoothParams } from '@booth/shared';
import { findBoard, learnBoardPageUrl, setBoardPageUrl } from '../db/boards.queries.js';
import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { runWrite } from './write.js';

const originOf = (text: string) => text.toLowerCase().replace(/\/$/, '');

/** Query parameters that track a visit (campaigns, ad clicks), left out of a learned page's address. */
const TRACKING = /^(utm_.*|fbclid|gclid|dclid|msclkid|mc_eid|_hsenc|_hsmi)$/i;

/**
 * A page's address as a board keeps it: no fragment, no credentials and none of Booth's own
 * parameters (they name a thread, not the page).
 */
export function boardPageAddress(href: string): string {
  const url = new URL(href);
  url.hash = '';
  url.username = '';
  url.password = '';
  const booth = Object.fromEntries(Object.keys(readBoothParams(url.href)).map((name) => [name, null]));
  return writeBoothParams(url.href, booth, 'query');
}

/**
 * The page a widget reported, when it may stand for the board: the page is on the Origin the
 * socket was opened from, and that origin is one the site allows by name (Booth's own origin,
 * allowed for its demo and thread pages, and a missing Origin, from a script, are not).
 */
export function reportedBoardPage(
  site: Pick<SiteRow, 'allowed_origins'>,
  socketOrigin: string | undefined,
  reported: string,
): string | null {
  if (!socketOrigin) return null;
  let url: URL;
  try {
    url = new URL(reported);
  } catch {
    return null;
  }
  const origin = originOf(socketOrigin);
  if (url.origin.toLowerCase() !== origin) return null;
  if (!site.allowed_origins.some((allowed) => originOf(allowed) === origin)) return null;
  // Campaign and click trackers name the visit, not the page.
  for (const name of [...url.searchParams.keys()]) {
    if (TRACKING.test(name)) url.searchParams.delete(name);
  }
  return boardPageAddress(url.href);
}

/** Keeps the page a widget reported for a board that has none yet (see `reportedBoardPage`). */
export async function rememberBoardPage(
  db: Executor,
  site: Pick<SiteRow, 'allowed_origins'>,
  boardId: string,
  socketOrigin: string | undefined,
  reported: string,
): Promise<void> {
  const page = reportedBoardPage(site, socketOrigin, reported);
  if (page) await learnBoardPageUrl(db, boardId, page);
}

/** Staff set (or clear) a board's brand page; the change is in the audit log. */
export async function setBoardPage(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.board.page'>,
): Promise<{ board: string; pageUrl: string | null }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx) => {
    const board = await findBoard(tx, actor.site.id, msg.board);
    if (!board) throw new DomainError('not_found', { key: 'refusal.noBoard', params: { board: msg.board } });
    const pageUrl = msg.pageUrl === null ? null : boardPageAddress(msg.pageUrl);
    await setBoardPageUrl(tx, board.id, pageUrl);
    await recordAction(tx, actor, now, {
      action: 'board.page_url',
      target: { type: 'board', id: board.id, label: board.slug },
      details: { pageUrl },
    });
    return { board: board.slug, pageUrl };
  });
}
