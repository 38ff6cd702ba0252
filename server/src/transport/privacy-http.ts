import { EntityId } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { findSiteById } from '../db/sites.queries.js';
import { recordAction } from '../domain/audit.js';
import { DomainError } from '../domain/domain-error.js';
import { exportMemberData } from '../domain/privacy/member-data.js';
import { assertStaff } from '../domain/staff-authorization.js';

const MemberParams = v.object({ member: EntityId });

/**
 * A person's data download for staff acting on their request: `GET /moderate/api/members/ID/data`
 * with a staff session of the member's site. Each download is written to the audit log.
 */
async function privacyHttp(app: FastifyInstance) {
  app.get('/moderate/api/members/:member/data', async (request, reply) => {
    const params = v.safeParse(MemberParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const session = await app.staffAuth.session(request);
    const now = app.services.now();
    assertStaff(session.member, session.site, now);
    const site = await findSiteById(app.db, session.site.id);
    if (!site) throw new DomainError('unknown_site');
    const data = await exportMemberData(app.db, site, params.output.member, now);
    await recordAction(app.db, { site, member: session.member }, now, {
      action: 'member.data',
      target: { type: 'member', id: data.member.id, label: data.member.name },
    });
    return reply
      .header('content-disposition', `attachment; filename="booth-member-${data.member.id}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });
}

export default fp(privacyHttp, { name: 'booth-privacy-http', dependencies: ['booth-staff-auth'] });
