/** Owners' site settings: allowed origins, guests, pre-moderation, language, the SSO secret, the embed snippet. */

import { randomBytes } from 'node:crypto';
import type { ClientMessageOf, SiteSettingsView } from '@booth/shared';
import type { SiteRow } from '../db/database.js';
import { reindexSiteSearch } from '../db/search.queries.js';
import { upsertDeletedMemberPosts } from '../db/site-reach.queries.js';
import { findSiteById, updateSite } from '../db/sites.queries.js';
import { answerBadgeUrl } from './answer-badge.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import { policyColumns, sitePolicyOf } from './policy/site-policies.js';
import { deletedMemberPosts } from './privacy/erase-member.js';
import type { Actor, Services } from './services.js';
import { siteById } from './sites.js';
import { assertOwner } from './staff-authorization.js';
import { runWrite } from './write.js';

/** The script tag a brand pastes into a product page; `data-board` names the product's board. */
export function embedSnippet(publicUrl: string, siteKey: string): string {
  return `<script src="${publicUrl}/embed.js" data-site="${siteKey}" data-board="product-42" async></script>`;
}

export function toSettingsView(
  site: SiteRow,
  publicUrl: string,
  deleted: SiteSettingsView['deletedMemberPosts'],
): SiteSettingsView {
  return {
    key: site.public_key,
    name: site.name,
    allowedOrigins: site.allowed_origins,
    guestsAllowed: site.guests_allowed,
    premoderateFirstPosts: site.premoderate_first_posts,
    embedSnippet: embedSnippet(publicUrl, site.public_key),
    policy: sitePolicyOf(site),
    deletedMemberPosts: deleted,
    language: site.language,
    shareImageUrl: site.share_image_url,
    answerBadge: site.answer_badge,
    answerBadgeUrl: answerBadgeUrl(publicUrl, site.public_key),
    autoEscalate: site.auto_escalate,
  };
}

export async function readSettings(services: Services, actor: Actor, publicUrl: string): Promise<SiteSettingsView> {
  assertOwner(actor.member, actor.site, services.now());
  const site = await findSiteById(services.db, actor.site.id);
  if (!site) throw new DomainError('unknown_site');
  return toSettingsView(site, publicUrl, await deletedMemberPosts(services.db, site.id));
}

/**
 * Changes the settings given; the change applies to new connections and requests at once (each
 * request reads the site row), while open widget sockets keep the policy they started with.
 */
export async function updateSettings(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.settings.update'>,
  publicUrl: string,
): Promise<SiteSettingsView> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const settings = await runWrite(services, actor, msg, async (tx) => {
    const changes = {
      ...(msg.policy !== undefined ? policyColumns(msg.policy) : {}),
      ...(msg.allowedOrigins !== undefined
        ? { allowed_origins: [...new Set(msg.allowedOrigins.map((o) => o.toLowerCase()))] }
        : {}),
      ...(msg.guestsAllowed !== undefined ? { guests_allowed: msg.guestsAllowed } : {}),
      ...(msg.premoderateFirstPosts !== undefined ? { premoderate_first_posts: msg.premoderateFirstPosts } : {}),
      ...(msg.language !== undefined ? { language: msg.language } : {}),
      ...(msg.shareImageUrl !== undefined ? { share_image_url: msg.shareImageUrl } : {}),
      ...(msg.answerBadge !== undefined ? { answer_badge: msg.answerBadge } : {}),
      ...(msg.autoEscalate !== undefined ? { auto_escalate: msg.autoEscalate } : {}),
    };
    if (Object.keys(changes).length === 0 && msg.deletedMemberPosts === undefined) {
      throw new DomainError('invalid_message', { key: 'refusal.nothingToChange' });
    }
    if (msg.deletedMemberPosts !== undefined) await upsertDeletedMemberPosts(tx, actor.site.id, msg.deletedMemberPosts);
    const before = await siteById(tx, actor.site.id);
    const site = Object.keys(changes).length === 0 ? before : await updateSite(tx, actor.site.id, changes);
    // In the same transaction: search never sees vectors of one language queried in another,
    // and a site's posts are few enough (see docs/search-insights-webhooks.md) to rewrite at once.
    if (site.language !== before.language) await reindexSiteSearch(tx, site.id);
    await recordAction(tx, actor, now, {
      action: 'site.settings',
      target: { type: 'site', id: site.id, label: site.name },
      details: {
        ...(msg.allowedOrigins !== undefined ? { allowedOrigins: site.allowed_origins } : {}),
        ...(msg.guestsAllowed !== undefined ? { guestsAllowed: site.guests_allowed } : {}),
        ...(msg.premoderateFirstPosts !== undefined ? { premoderateFirstPosts: site.premoderate_first_posts } : {}),
        ...(msg.policy !== undefined ? { policy: sitePolicyOf(site) } : {}),
        ...(msg.deletedMemberPosts !== undefined ? { deletedMemberPosts: msg.deletedMemberPosts } : {}),
        ...(msg.language !== undefined ? { language: site.language } : {}),
        ...(msg.answerBadge !== undefined ? { answerBadge: site.answer_badge } : {}),
        ...(msg.autoEscalate !== undefined ? { autoEscalate: site.auto_escalate } : {}),
      },
    });
    return toSettingsView(site, publicUrl, await deletedMemberPosts(tx, site.id));
  });
  // Nodes keep the site's row (its allowed origins) for public reads.
  services.listingChanged(actor.site.id);
  return settings;
}

/**
 * Replaces the SSO secret. Tokens signed with the old one stop working at once, so the brand's
 * backend must switch to the new secret; it is returned here and shown once.
 */
export async function rotateSsoSecret(services: Services, actor: Actor): Promise<{ ssoSecret: string }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const ssoSecret = randomBytes(32).toString('base64url');
  await services.db.transaction().execute(async (tx) => {
    await updateSite(tx, actor.site.id, { sso_secret: ssoSecret });
    await recordAction(tx, actor, now, {
      action: 'site.sso_rotate',
      target: { type: 'site', id: actor.site.id, label: actor.site.name },
    });
  });
  services.listingChanged(actor.site.id);
  return { ssoSecret };
}
