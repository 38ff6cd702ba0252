import { SiteKey } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { answerBadge, badgeText } from '../domain/answer-badge.js';
import { DomainError } from '../domain/domain-error.js';
import { escapeHtml } from '../domain/escape-html.js';
import { siteByKey } from '../domain/sites.js';
import { serverTranslator } from '../i18n/translators.js';

/** Width of a character of the badge's text, in px: generous, so wide scripts fit too. */
const CHAR_WIDTH = 7.2;
const PADDING = 12;
const HEIGHT = 24;

/** An SVG of nothing, served while the badge is hidden, so an embedding page shows no broken image. */
const HIDDEN_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>';

/** The badge as an SVG image: one line of text on a pill, with the text as its accessible name. */
export function badgeSvg(text: string, language: string, dir: string): string {
  const width = Math.ceil([...text].length * CHAR_WIDTH + 2 * PADDING);
  const label = escapeHtml(text);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" role="img" aria-label="${label}" lang="${escapeHtml(language)}">
<title>${label}</title>
<rect width="${width}" height="${HEIGHT}" rx="12" fill="#1b5e20"/>
<text x="${width / 2}" y="16" fill="#fff" font-family="system-ui,sans-serif" font-size="12" text-anchor="middle" direction="${dir === 'rtl' ? 'rtl' : 'ltr'}">${label}</text>
</svg>`;
}

/**
 * The public answer badge as an embeddable SVG at `/b/SITE/answers.svg`, in the site's language,
 * computed at the server's clock; an empty SVG while the badge is hidden.
 */
async function badgeHttp(app: FastifyInstance) {
  app.get('/b/:site/answers.svg', async (request, reply) => {
    const params = v.safeParse(v.object({ site: SiteKey }), request.params);
    if (!params.success) throw new DomainError('not_found');
    const site = await siteByKey(app.db, params.output.site, 'not_found');
    const badge = await answerBadge(await app.services.reads.forReader(null), site, app.services.now());
    const t = serverTranslator(site.language);
    const svg = badge ? badgeSvg(badgeText(badge, t), t.language, t.dir) : HIDDEN_SVG;
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(svg);
  });
}

export default fp(badgeHttp, { name: 'booth-badge-http', dependencies: ['booth-database', 'booth-services'] });
