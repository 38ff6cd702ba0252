/**
 * Pages that tried to load a site's widget from an origin the site does not allow yet: each node
 * records them where the origin check refuses, owners see them in the Install tab and allow one
 * with a click (the same allowed-origins setting as the Settings tab).
 */
import { type ClientMessageOf, check, OriginSchema, type RefusedOriginView } from '@booth/shared';
import type { FastifyBaseLogger } from 'fastify';
import { listSiteBoards } from '../db/boards.queries.js';
import type { SiteRow } from '../db/database.js';
import { forgetRefusedOrigin, listRefusedOrigins, noteRefusedOrigin } from '../db/refused-origins.queries.js';
import { updateSite } from '../db/sites.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';
import { siteById } from './sites.js';
import { assertOwner } from './staff-authorization.js';
import { runWrite } from './write.js';

/** Refused origins kept per site: the most recently seen ones. */
export const REFUSED_ORIGINS_KEPT = 50;
/** A node writes the same site and origin at most this often; the last-seen time is that coarse. */
const NOTE_INTERVAL_MS = 60_000;
/** Site and origin pairs a node remembers writing; past this it starts over (the table is bounded anyway). */
const THROTTLE_ENTRIES = 10_000;
/** Most origins a site may allow, as the settings form takes them. */
const MAX_ALLOWED_ORIGINS = 50;

/**
 * Records refused origins without slowing or failing the refusal: the write runs after the reply
 * is decided, at most once a minute per site and origin on a node, and a failure is only logged.
 * An Origin that is not a plain web origin (`null`, a file, something forged) is not recorded.
 */
export class RefusedOriginLog {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly services: Pick<Services, 'db' | 'now'>,
    private readonly log: FastifyBaseLogger,
  ) {}

  note(site: Pick<SiteRow, 'id'>, origin: string | undefined): void {
    const parsed = origin === undefined ? null : check(OriginSchema, origin.toLowerCase());
    if (!parsed?.ok) return;
    const normalized = parsed.value;
    const now = this.services.now();
    const key = `${site.id} ${normalized}`;
    const last = this.written.get(key);
    if (last !== undefined && now.getTime() - last < NOTE_INTERVAL_MS) return;
    if (this.written.size >= THROTTLE_ENTRIES) this.written.clear();
    this.written.set(key, now.getTime());
    noteRefusedOrigin(this.services.db, site.id, normalized, now, REFUSED_ORIGINS_KEPT).catch((error: unknown) =>
      this.log.warn({ err: error, siteId: site.id }, 'could not record a refused origin'),
    );
  }
}

/**
 * Owners: the origins refused lately that the site still does not allow, most recently seen
 * first, and the site's boards (the Install tab previews one).
 */
export async function installView(
  services: Services,
  actor: Actor,
): Promise<{ refusedOrigins: RefusedOriginView[]; boards: string[] }> {
  assertOwner(actor.member, actor.site, services.now());
  const site = await siteById(services.db, actor.site.id);
  const [rows, boards] = await Promise.all([
    listRefusedOrigins(services.db, site.id, site.allowed_origins),
    listSiteBoards(services.db, site.id),
  ]);
  return {
    boards: boards.map((b) => b.slug).sort(),
    refusedOrigins: rows.map((row) => ({
      origin: row.origin,
      firstSeenAt: row.first_seen_at.toISOString(),
      lastSeenAt: row.last_seen_at.toISOString(),
    })),
  };
}

/** Owners: adds one origin to the site's allowed origins (audited as a settings change) and forgets its refusals. */
export async function allowOrigin(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.origin.allow'>,
): Promise<{ allowedOrigins: string[] }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const origin = msg.origin.toLowerCase();
  const result = await runWrite(services, actor, msg, async (tx) => {
    const before = await siteById(tx, actor.site.id);
    if (before.allowed_origins.includes(origin)) return { allowedOrigins: before.allowed_origins };
    if (before.allowed_origins.length >= MAX_ALLOWED_ORIGINS) {
      throw new DomainError('conflict', { key: 'refusal.tooManyOrigins', params: { count: MAX_ALLOWED_ORIGINS } });
    }
    const site = await updateSite(tx, before.id, { allowed_origins: [...before.allowed_origins, origin] });
    await forgetRefusedOrigin(tx, site.id, origin);
    await recordAction(tx, actor, now, {
      action: 'site.settings',
      target: { type: 'site', id: site.id, label: site.name },
      details: { allowedOrigins: site.allowed_origins, allowed: origin },
    });
    return { allowedOrigins: site.allowed_origins };
  });
  // Nodes keep the site's row (its allowed origins) for public reads.
  services.listingChanged(actor.site.id);
  return result;
}
