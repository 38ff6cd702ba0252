import { createHash } from 'node:crypto';
import { EntityId, type Translator } from '@booth/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { recordAction } from '../domain/audit.js';
import { DomainError } from '../domain/domain-error.js';
import { escapeHtml } from '../domain/escape-html.js';
import { requestSignInLink } from '../domain/mail/magic-sign-in.js';
import { linkLanguage } from '../domain/mail/mail-link-actions.js';
import { MAIL_LINK_PATHS } from '../domain/mail/mail-links.js';
import { checkMailToken, MAIL_TOKEN_LENGTH } from '../domain/mail/mail-tokens.js';
import { htmlWords } from '../domain/mail/mail-words.js';
import { accountHolder } from '../domain/privacy/account-holder.js';
import { eraseMember } from '../domain/privacy/erase-member.js';
import { exportMemberData } from '../domain/privacy/member-data.js';
import { siteById } from '../domain/sites.js';
import { assertStaff } from '../domain/staff-authorization.js';
import { errorInLanguage } from '../i18n/error-messages.js';
import { requestLanguage, serverTranslator } from '../i18n/translators.js';
import { mailPage } from './mail-page.js';

const MemberParams = v.object({ member: EntityId });
const TokenParams = v.object({
  token: v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z2-7]{${MAIL_TOKEN_LENGTH}}$`))),
});

function html(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
}

/** Runs a page's action: a page saying it is done, or why it was refused (`refused` as title). */
async function acted(
  reply: FastifyReply,
  t: Translator,
  refused: string,
  done: [string, string],
  action: () => Promise<unknown>,
) {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const why = errorInLanguage(error, t.language).message;
    return html(reply, 409, mailPage(t, refused, `<p>${escapeHtml(why)}</p>`));
  }
  return html(reply, 200, mailPage(t, done[0], `<p>${escapeHtml(done[1])}</p>`));
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
    return found && { ...found, token: parsed.output.token, t: serverTranslator(found.site.language) };
  };
  /** A link that no longer works, said in its site's language if it names one, else the browser's. */
  const invalid = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = v.safeParse(TokenParams, request.params);
    const language = parsed.success
      ? await linkLanguage(app.db, app.mailTokenSecret, parsed.output.token, 'account', app.services.now())
      : null;
    const t = serverTranslator(language ?? requestLanguage(request.headers));
    return html(
      reply,
      404,
      mailPage(t, t.t('mailPage.linkBroken'), `<p>${escapeHtml(t.t('mailPage.account.expired'))}</p>`),
    );
  };

  app.get(`${base}/:token`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(request, reply);
    const { t } = who;
    const words = (key: string) => escapeHtml(t.t(key));
    const here = `${base}/${who.token}`;
    return html(
      reply,
      200,
      mailPage(
        t,
        t.t('mailPage.account.title', { site: who.site.name }),
        `<p>${htmlWords(t, 'mailPage.account.signedInAs', { name: `<strong>${escapeHtml(who.member.name)}</strong>` })}</p>
<p><a href="${here}/data" download>${words('mailPage.account.download')}</a> ${words('mailPage.account.downloadWhat')}</p>
<form method="post" action="${here}/delete"><p>${words('mailPage.account.deleteText')}</p>
<button type="submit">${words('mailPage.account.deleteButton')}</button></form>${
          who.member.role === 'customer' && who.member.external_id === null
            ? `<form method="post" action="${here}/sign-in-link"><p>${words('mailPage.account.keepText')}</p><button type="submit">${words('mailPage.account.keepButton')}</button></form>`
            : ''
        }`,
      ),
    );
  });

  app.get(`${base}/:token/data`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(request, reply);
    const data = await exportMemberData(app.db, who.site, who.member.id, app.services.now());
    return reply
      .header('content-disposition', `attachment; filename="booth-my-data-${who.site.public_key}.json"`)
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.post(`${base}/:token/delete`, async (request, reply) => {
    const who = await holder(request.params);
    if (!who) return invalid(request, reply);
    const { t } = who;
    // One deletion per link, however often the button is pressed.
    const key = createHash('sha256').update(`erase:${who.token}`).digest('base64url').slice(0, 40);
    return acted(
      reply,
      t,
      t.t('mailPage.account.notDeleted'),
      [t.t('mailPage.account.deletedTitle'), t.t('mailPage.account.deleted', { site: who.site.name })],
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
    if (!who) return invalid(request, reply);
    const { t } = who;
    return acted(
      reply,
      t,
      t.t('mailPage.account.noLink'),
      [t.t('mailPage.account.linkSentTitle'), t.t('mailPage.account.linkSent')],
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
