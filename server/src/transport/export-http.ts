import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { jwtVerify } from 'jose';
import * as v from 'valibot';
import { DomainError } from '../domain/domain-error.js';
import { exportSite } from '../domain/export/site-export.js';
import type { SiteRow } from '../domain/services.js';
import { siteByKey } from '../domain/sites.js';

/** The `scope` claim a site's backend puts in a token that may export the site. */
export const EXPORT_SCOPE = 'booth:export';

const Params = v.object({ site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/)) });

/**
 * Who may export: an owner of the site signed in to the moderation view (session cookie), or
 * the site's backend with a short-lived HS256 token signed with the site's SSO secret that
 * carries `scope: "booth:export"` — the same secret it already signs sign-ins with.
 */
async function authorizeExport(app: FastifyInstance, request: FastifyRequest, site: SiteRow): Promise<void> {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    try {
      const { payload } = await jwtVerify(auth.slice(7).trim(), new TextEncoder().encode(site.sso_secret), {
        algorithms: ['HS256'],
        currentDate: app.services.now(),
        requiredClaims: ['exp'],
        maxTokenAge: '1h',
      });
      if (payload.scope === EXPORT_SCOPE) return;
    } catch {
      throw new DomainError('invalid_token');
    }
    throw new DomainError('forbidden', { key: 'refusal.tokenNoExport' });
  }
  const session = await app.staffAuth.session(request);
  if (session.site.id !== site.id || session.member.role !== 'owner') {
    throw new DomainError('forbidden', { key: 'refusal.ownerExportOnly' });
  }
}

/** `GET /api/sites/SITE/export`: the site's boards, threads, posts, votes, members and images as one JSON file. */
async function exportHttp(app: FastifyInstance) {
  app.get('/api/sites/:site/export', async (request, reply) => {
    const params = v.safeParse(Params, request.params);
    if (!params.success) throw new DomainError('not_found');
    const site = await siteByKey(app.db, params.output.site);
    await authorizeExport(app, request, site);
    const doc = await exportSite(await app.services.reads.forReader(null), site.public_key, app.services.now(), {
      store: app.services.imageStore,
      publicUrl: app.services.publicUrl,
    });
    return reply
      .header('content-disposition', `attachment; filename="booth-${site.public_key}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(doc));
  });
}

export default fp(exportHttp, { name: 'booth-export-http', dependencies: ['booth-staff-auth'] });
