import { createHash, timingSafeEqual } from 'node:crypto';
import { check, MailEventBody, type Translator } from '@booth/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { DomainError } from '../domain/domain-error.js';
import { escapeHtml } from '../domain/escape-html.js';
import { type MagicSignIn, magicLinkOffer, redeemMagicLink, withSession } from '../domain/mail/magic-sign-in.js';
import {
  confirmAddress,
  holderOf,
  type LinkHolder,
  linkLanguage,
  type OpenLinkTarget,
  openLinkTarget,
  unsubscribeAll,
  unsubscribeThread,
} from '../domain/mail/mail-link-actions.js';
import { MAIL_LINK_PATHS } from '../domain/mail/mail-links.js';
import { MAIL_TOKEN_LENGTH, type MailPurpose } from '../domain/mail/mail-tokens.js';
import { recordMailEvent } from '../domain/mail/suppressions.js';
import { errorInLanguage } from '../i18n/error-messages.js';
import { requestLanguage, serverTranslator } from '../i18n/translators.js';
import { mailPage } from './mail-page.js';

const TokenParams = v.object({
  token: v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z2-7]{${MAIL_TOKEN_LENGTH}}$`), 'must be a link token')),
});

export interface MailHttpOptions {
  /** Bearer token of `POST /mail/events`; null turns the route off. */
  eventsToken: string | null;
}

const STYLESHEET = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1f;background:#fafafa}
main{max-width:32rem;margin:3rem auto;padding:1.5rem;background:#fff;border:1px solid #e3e3e8;border-radius:8px}
h1{font-size:1.3rem}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #1b1b1f;background:#1b1b1f;color:#fff;cursor:pointer}`;

/** A page with one button that posts back to the same link (a GET changes nothing: mail scanners follow links). */
function askPage(t: Translator, title: string, text: string, button: string): string {
  return mailPage(
    t,
    title,
    `<p>${escapeHtml(text)}</p><form method="post"><button type="submit">${escapeHtml(button)}</button></form>`,
  );
}

function send(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/**
 * The pages behind the links in emails: open a thread on the brand's page, stop emails about
 * a thread or all of them (also as RFC 8058 one-click POSTs from mail clients), confirm an
 * address, and sign a guest in as a member by a magic link, in the language of the link's site.
 * They need no sign-in: the signed token in the link is the permission. Also the
 * provider's bounce and complaint webhook, behind its bearer token.
 */
export default async function mailHttp(app: FastifyInstance, options: MailHttpOptions) {
  const secret = app.mailTokenSecret;
  const now = () => app.services.now();

  // One-click unsubscribe posts `List-Unsubscribe=One-Click` as a form; the token is in the path.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));
  }

  const token = (params: unknown): string => {
    const parsed = v.safeParse(TokenParams, params);
    if (!parsed.success) throw new DomainError('invalid_token', { key: 'refusal.linkInvalid' });
    return parsed.output.token;
  };

  /**
   * The words of a link's pages: the language of the site the link is for, or, for a link that
   * names no site (forged, malformed), the one the browser asks for.
   */
  const wordsFor = async (request: FastifyRequest, purpose: MailPurpose): Promise<Translator> => {
    const parsed = v.safeParse(TokenParams, request.params);
    const language = parsed.success ? await linkLanguage(app.db, secret, parsed.output.token, purpose, now()) : null;
    return serverTranslator(language ?? requestLanguage(request.headers));
  };

  /** A page that says why a link was refused. */
  const refusedPage = (t: Translator, error: DomainError) =>
    mailPage(t, t.t('mailPage.linkBroken'), `<p>${escapeHtml(errorInLanguage(error, t.language).message)}</p>`);
  const threadGone = (t: Translator) =>
    mailPage(t, t.t('mailPage.notFound'), `<p>${escapeHtml(t.t('mailPage.threadGone'))}</p>`);

  /** Runs a link's action, answering a refused link with a page that says why. */
  const act = async (reply: FastifyReply, t: Translator, action: () => Promise<string>) => {
    try {
      return send(reply, 200, await action());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return send(reply, error.code === 'not_found' ? 404 : 400, refusedPage(t, error));
    }
  };

  if (options.eventsToken !== null) {
    const expected = createHash('sha256').update(`Bearer ${options.eventsToken}`).digest();
    app.post('/mail/events', async (request, reply) => {
      const given = createHash('sha256')
        .update(request.headers.authorization ?? '')
        .digest();
      if (!timingSafeEqual(given, expected)) throw new DomainError('forbidden', { key: 'refusal.bearerRequired' });
      const body = check(MailEventBody, request.body);
      if (!body.ok) throw new DomainError('invalid_message', body.error.message);
      const added = await recordMailEvent(app.db, body.value, now());
      return reply.code(added ? 201 : 200).send({ address: body.value.address, suppressed: true });
    });
  }

  app.get('/mail/page.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(STYLESHEET),
  );

  // An expired open link still opens the thread (it shows nothing private) but clears no bell.
  app.get(`${MAIL_LINK_PATHS.open}/:token`, async (request, reply) => {
    let target: OpenLinkTarget;
    try {
      target = openLinkTarget(secret, token(request.params), now());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return send(reply, 400, refusedPage(await wordsFor(request, 'open'), error));
    }
    const page = await app.mail?.deepLink(target.threadId);
    if (!page) return send(reply, 404, threadGone(await wordsFor(request, 'open')));
    if (target.memberId !== null) await app.bellMarkRead(target.memberId, target.threadId);
    return reply.header('cache-control', 'no-store').redirect(page, 303);
  });

  // A magic sign-in link: the GET asks (mail scanners follow links), the POST signs in once and
  // lands on the thread with the member's session in the fragment, for the widget to keep.
  app.get(`${MAIL_LINK_PATHS.magic}/:token`, async (request, reply) => {
    const t = await wordsFor(request, 'magic');
    return act(reply, t, async () => {
      const offer = await magicLinkOffer(app.services, secret, token(request.params));
      return askPage(
        t,
        t.t('mailPage.signIn.title', { site: offer.siteName }),
        t.t('mailPage.signIn.text', { name: offer.name }),
        t.t('mail.signIn.button'),
      );
    });
  });
  app.post(`${MAIL_LINK_PATHS.magic}/:token`, async (request, reply) => {
    const t = await wordsFor(request, 'magic');
    let signedIn: MagicSignIn;
    try {
      signedIn = await redeemMagicLink(app.services, secret, token(request.params));
    } catch (error) {
      return act(reply, t, () => Promise.reject(error));
    }
    const page = await app.mail?.deepLink(signedIn.threadId);
    if (!page) return send(reply, 404, threadGone(t));
    return reply.header('cache-control', 'no-store').redirect(withSession(page, signedIn.session), 303);
  });

  const unsubscribeRoute = (
    path: string,
    ask: (t: Translator, site: string) => [string, string, string],
    run: (token: string) => Promise<LinkHolder>,
    done: (t: Translator, site: string) => [string, string],
    purpose: 'unfollow' | 'unfollow_all' | 'confirm',
  ) => {
    app.get(`${path}/:token`, async (request, reply) => {
      const t = await wordsFor(request, purpose);
      return act(reply, t, async () => {
        const holder = await holderOf(app.db, secret, token(request.params), purpose, now());
        return askPage(t, ...ask(t, holder.siteName));
      });
    });
    app.post(`${path}/:token`, async (request, reply) => {
      const t = await wordsFor(request, purpose);
      return act(reply, t, async () => {
        const holder = await run(token(request.params));
        const [title, text] = done(t, holder.siteName);
        return mailPage(t, title, `<p>${escapeHtml(text)}</p>`);
      });
    });
  };

  unsubscribeRoute(
    MAIL_LINK_PATHS.unfollow,
    (t, site) => [
      t.t('mailPage.unfollow.title'),
      t.t('mailPage.unfollow.text', { site }),
      t.t('mailPage.unfollow.button'),
    ],
    (token) => unsubscribeThread(app.db, secret, token, now()),
    (t, site) => [t.t('mailPage.unsubscribed'), t.t('mailPage.unfollow.done', { site })],
    'unfollow',
  );
  unsubscribeRoute(
    MAIL_LINK_PATHS.unfollow_all,
    (t, site) => [
      t.t('mailPage.unfollowAll.title', { site }),
      t.t('mailPage.unfollowAll.text', { site }),
      t.t('mailPage.unfollowAll.button'),
    ],
    (token) => unsubscribeAll(app.db, secret, token, now()),
    (t, site) => [t.t('mailPage.unsubscribed'), t.t('mailPage.unfollowAll.done', { site })],
    'unfollow_all',
  );
  unsubscribeRoute(
    MAIL_LINK_PATHS.confirm,
    (t, site) => [t.t('mailPage.confirm.title'), t.t('mailPage.confirm.text', { site }), t.t('mail.confirm.button')],
    (token) => confirmAddress(app.db, secret, token, now()),
    (t, site) => [t.t('mailPage.confirm.doneTitle'), t.t('mailPage.confirm.done', { site })],
    'confirm',
  );
}
