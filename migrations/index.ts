/**
 * The ordered list of migrations. Each file is frozen once released: it imports
 * nothing from the application, so later code changes never rewrite history.
 */
import type { Migration } from 'kysely';
import * as core from './20261123_0001_core.js';
import * as trustSafety from './20261124_0200_trust_safety.js';
import * as moderation from './20261124_0300_moderation.js';
import * as searchInsightsWebhooks from './20261125_0100_search_insights_webhooks.js';
import * as searchGinFastupdate from './20261125_0200_search_gin_fastupdate.js';
import * as suggestAnsweredIdx from './20261125_0300_suggest_answered_idx.js';
import * as idempotencyFingerprint from './20261126_0100_idempotency_fingerprint.js';
import * as voteTimes from './20261126_0200_vote_times.js';
import * as disqusThreads from './20261126_0300_disqus_threads.js';
import * as rateLimits from './20261204_0200_rate_limits.js';
import * as ssoTokenUses from './20261204_0300_sso_token_uses.js';
import * as staffSignIn from './20261204_0500_staff_sign_in.js';
import * as followsMail from './20261204_0700_follows_mail.js';
import * as privacyStaffAlerts from './20261204_0800_privacy_staff_alerts.js';
import * as siteDigestHour from './20261204_0900_site_digest_hour.js';
import * as images from './20261204_1000_images.js';
import * as boardOrders from './20261204_1200_board_orders.js';
import * as siteLanguage from './20261204_1330_site_language.js';
import * as staffLanguage from './20261204_1400_staff_language.js';
import * as boardPageUrl from './20261204_1500_board_page_url.js';
import * as searchLanguages from './20261204_1600_search_languages.js';
import * as siteShareImage from './20261204_1630_site_share_image.js';
import * as answerReleases from './20261205_0400_answer_releases.js';
import * as siteKeys from './20261205_0600_site_keys.js';
import * as refusedOrigins from './20261205_0601_refused_origins.js';
import * as faq from './20261205_0602_faq.js';
import * as answerBadge from './20261205_0603_answer_badge.js';
import * as apiKeys from './20261205_0700_api_keys.js';
import * as escalations from './20261205_0800_escalations.js';

export const migrations: Record<string, Migration> = {
  '20261123_0001_core': core,
  '20261124_0200_trust_safety': trustSafety,
  '20261124_0300_moderation': moderation,
  '20261125_0100_search_insights_webhooks': searchInsightsWebhooks,
  '20261125_0200_search_gin_fastupdate': searchGinFastupdate,
  '20261125_0300_suggest_answered_idx': suggestAnsweredIdx,
  '20261126_0100_idempotency_fingerprint': idempotencyFingerprint,
  '20261126_0200_vote_times': voteTimes,
  '20261126_0300_disqus_threads': disqusThreads,
  '20261204_0300_sso_token_uses': ssoTokenUses,
  '20261204_0500_staff_sign_in': staffSignIn,
  '20261204_0700_follows_mail': followsMail,
  '20261204_0200_rate_limits': rateLimits,
  '20261204_0800_privacy_staff_alerts': privacyStaffAlerts,
  '20261204_0900_site_digest_hour': siteDigestHour,
  '20261204_1000_images': images,
  '20261204_1200_board_orders': boardOrders,
  '20261204_1330_site_language': siteLanguage,
  '20261204_1400_staff_language': staffLanguage,
  '20261204_1500_board_page_url': boardPageUrl,
  '20261204_1600_search_languages': searchLanguages,
  '20261204_1630_site_share_image': siteShareImage,
  '20261205_0400_answer_releases': answerReleases,
  '20261205_0600_site_keys': siteKeys,
  '20261205_0601_refused_origins': refusedOrigins,
  '20261205_0602_faq': faq,
  '20261205_0603_answer_badge': answerBadge,
  '20261205_0700_api_keys': apiKeys,
  '20261205_0800_escalations': escalations,
};
