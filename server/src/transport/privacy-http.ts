import { createHash } from 'node:crypto';
import { EntityId } from '@booth/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { recordAction } from '../domain/audit.js';
import { DomainError } from '../domain/domain-error.js';
import { escapeHtml } from '../domain/escape-html.js';
import { requestSignInLink } from '../domain/mail/magic-sign-in.js';
import { MAIL_LINK_PATHS } from '../domain/mail/mail-links.js';
import { checkMailToken, MAIL_TOKEN_LENGTH } from '../domain/mail/mail-tokens.js';
import { accountHolder } from '../domain/privacy/account-holder.js';
import { eraseMember } from '../domain/privacy/erase-member.js';
import { exportMemberData } from '../domain/privacy/member-data.js';
import { siteById } from '../domain/sites.js';
import { assertStaff } from '../domain/staff-authorization.js';
import { mailPage } from './mail-page.js';

const MemberParams = v.object({ member: EntityId });
const TokenParams = v.object({
  token: v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z2-7]{${MAIL_TOKEN_LENGTH}}$`))),
});

function html(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Runs a page's action: a page saying it is done, or why it was refused (`refused` as title). */
async function acted(reply: FastifyReply, refused: string, done: [string, string], action: () => Promise<unknown>) {
  try {
    await action();
  } catch (error) {
    if (error instanceof DomainError) return html(reply, 409, mailPage(refused, `<p>${escapeHtml(error.message)}</p>`));
    throw error;
  }
  return html(reply, 200, mailPage(done[0], `<p>${escapeHtml(done[1])}</p>`));
}

/**
 * A person's data download and account deletion: for staff acting on their request
 * (`GET /moderate/api/members/ID/data` with a staff session of the member's site, each download
 * written to the audit log), and for the person from the link in every thread email
 * (`/mail/account/TOKEN`: a page, its data download, a POST that deletes the account, and for
 * a guest a POST that emails a magic sign-in link; a GET changes nothing, since mail scanners
 * follow links).
 */
async function privacyHttp(app: FastifyInstance) {
  const base = MAIL_LINK_PATHS.account;

  /** The member and site a link names, or null when the link is not (or no longer) valid. */
  const holder = async (params: unknown) => {
    const parsed = v.safeParse(TokenParams, params);
    if (!parsed.success) return null;
    const check = checkMailToken(app.mailTokenSecret, parsed.output.token, 'account', app.services.now());
    if (!check.ok) return null;
    const found = await accountHolder(app.db, check.memberId);
    return found && { ...found, token: parsed.output.token };
  };
  const invalid = (reply: FastifyReply) =>
    html(reply, 404, mailPage('This link does not work', '<p>It has expired, or the account was already deleted.</p>'));

  app.get(`${base}/:token`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(reply);
    const here = `${base}/${who.token}`;
    return html(
      reply,
      200,
      mailPage(
        `Your data on ${who.site.name}`,
        `<p>Signed in by this link as <strong>${escapeHtml(who.member.name)}</strong>.</p>
<p><a href="${here}/data" download>Download my data</a> (JSON: your posts, votes, reports, follows and address).</p>
<form method="post" action="${here}/delete"><p>Delete my account: your name and address are erased,
and your posts are ${escapeHtml('kept as “Deleted member” or removed, as this site chose')}. This cannot be undone.</p>
<button type="submit">Delete my account</button></form>${
          who.member.role === 'customer' && who.member.external_id === null
            ? `<form method="post" action="${here}/sign-in-link"><p>Keep your posts, votes and follows on every visit:
get a link that signs you in as a member.</p><button type="submit">Email me a sign-in link</button></form>`
            : ''
        }`,
      ),
    );
  });

  app.get(`${base}/:token/data`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(reply);
    const data = await exportMemberData(app.db, who.site, who.member.id, app.services.now());
    return reply
      .header('content-disposition', `attachment; filename="booth-my-data-${who.site.public_key}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.post(`${base}/:token/delete`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(reply);
    // One deletion per link, however often the button is pressed.
    const key = createHash('sha256').update(`erase:${who.token}`).digest('base64url').slice(0, 40);
    return acted(
      reply,
      'Not deleted',
      ['Your account was deleted', `${who.site.name} no longer has your name or address.`],
      () =>
        eraseMember(
          app.services,
          { site: who.site, member: who.member },
          { type: 'staff.member.erase', id: 'email', key, memberId: who.member.id },
          'self',
        ),
    );
  });

  app.post(`${base}/:token/sign-in-link`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(reply);
    return acted(
      reply,
      'No link sent',
      ['Check your email', 'A sign-in link is on its way. It works once, for a few minutes.'],
      () => app.db.transaction().execute((tx) => requestSignInLink(app.services, tx, who.member, null)),
    );
  });

  app.get('/moderate/api/members/:member/data', async (request, reply) => {
    const params = v.safeParse(MemberParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const session = await app.staffAuth.session(request);
    const now = app.services.now();
    assertStaff(session.member, session.site, now);
    const site = await siteById(app.db, session.site.id);
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

export default fp(privacyHttp, { name: 'booth-privacy-http', dependencies: ['booth-services', 'booth-staff-auth'] });
