import {
  check,
  StaffLanguageBody,
  StaffLoginBody,
  StaffPasswordBody,
  type StaffSessionView,
  StaffSsoBody,
  StaffTwoFactorDisableBody,
  StaffTwoFactorEnableBody,
} from '@booth/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as v from 'valibot';
import { findStaffLanguage, saveStaffLanguage } from '../db/staff-preferences.queries.js';
import { DomainError } from '../domain/domain-error.js';
import { isOriginAllowed } from '../domain/origins.js';
import { siteByKey } from '../domain/sites.js';
import { staffMemberFromSso } from '../domain/sso-sign-in.js';
import { changeOwnPassword } from '../domain/staff-accounts.js';
import { toStaffMemberView } from '../domain/staff-mappers.js';
import {
  checkCredentials,
  DEFAULT_LOCKOUT,
  endStaffSession,
  type LockoutPolicy,
  type StaffSession,
  startStaffSession,
} from '../domain/staff-sessions.js';
import { confirmTwoFactor, hasTwoFactor, startTwoFactor, turnOffTwoFactor } from '../domain/staff-two-factor.js';
import { staffSignInChecks } from '../limits/request-limits.js';
import { STAFF_COOKIE } from '../plugins/staff-auth.js';
import { ownOrigin } from './site-access.js';

export interface StaffHttpOptions {
  /** Sign-in attempts per network (IPv4 address or IPv6 /64) and email per minute. Default 10. */
  loginPerMinute?: number;
  /** Sign-in attempts per network, whatever the email, per minute. Default 30. */
  loginPerNetworkPerMinute?: number;
  /** Failed attempts in a row that lock an account, and for how long. Default 10, 30 minutes. */
  lockout?: Partial<LockoutPolicy>;
}

function valid<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = check(schema, input);
  if (!result.ok) throw new DomainError('invalid_message', result.error.message);
  return result.value;
}

async function sessionView(app: FastifyInstance, session: StaffSession, now: Date): Promise<StaffSessionView> {
  return {
    me: toStaffMemberView(session.member, now),
    site: { key: session.site.public_key, name: session.site.name },
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
    twoFactor: await hasTwoFactor(app.db, session.member.id),
    language: await findStaffLanguage(app.db, session.member.id),
  };
}

/**
 * Staff sign-in over HTTP at `/moderate/api/*`: email and password, SSO with a staff role,
 * the current session, sign-out and password change. Everything after sign-in goes over the
 * WebSocket. State-changing routes need the session's CSRF token in `x-csrf-token` and a
 * same-origin (or absent) Origin; sign-in itself needs a JSON body (a cross-site form cannot send
 * one without a CORS preflight, which is never granted) and a same-origin Origin.
 */
export default async function staffHttp(app: FastifyInstance, options: StaffHttpOptions) {
  const now = () => app.services.now();
  const auth = app.staffAuth;

  // Brands' admin pages post a plain HTML form to /moderate/sso; only this scope reads forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Sign-in attempts per network and email, and per network, counted where every node sees them
  // (see docs/moderation.md); an IPv6 client holds a whole /64, so that is what counts. Failed
  // attempts per account are counted in the database (see checkCredentials).
  const perMinute = options.loginPerMinute ?? 10;
  const perNetwork = options.loginPerNetworkPerMinute ?? 30;
  const lockout = { ...DEFAULT_LOCKOUT, ...options.lockout };
  const countAttempt = async (request: FastifyRequest, email: string) => {
    const checks = staffSignInChecks(request.ip, email, perMinute, perNetwork);
    const { waitMs } = await app.limitStore.take(checks, now().getTime());
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new DomainError('rate_limited', { key: 'refusal.signInAttempts', params: { seconds } }, undefined, waitMs);
    }
  };

  app.post('/moderate/api/login', async (request, reply) => {
    auth.assertSameOrigin(request);
    if (!request.headers['content-type']?.startsWith('application/json')) {
      throw new DomainError('invalid_message', 'content-type: must be application/json');
    }
    const body = valid(StaffLoginBody, request.body);
    await countAttempt(request, body.email);
    const { member, site } = await checkCredentials(app.db, body, now(), lockout);
    const { token, session } = await startStaffSession(app.db, member, site, now());
    auth.setCookie(request, reply, token, session.expiresAt, now());
    return sessionView(app, session, now());
  });

  app.get('/moderate/api/session', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      return await sessionView(app, await auth.session(request), now());
    } catch (error) {
      if (error instanceof DomainError && request.cookies[STAFF_COOKIE]) auth.clearCookie(reply);
      throw error;
    }
  });

  app.post('/moderate/api/logout', async (request, reply) => {
    let session: StaffSession;
    try {
      session = await auth.session(request);
    } catch {
      // Already ended: nothing to protect, just forget the cookie.
      auth.clearCookie(reply);
      return { ok: true };
    }
    auth.assertCsrf(request, session);
    const token = request.cookies[STAFF_COOKIE];
    if (token) await endStaffSession(app.db, token);
    auth.clearCookie(reply);
    return { ok: true };
  });

  app.post('/moderate/api/password', async (request) => {
    const session = await auth.session(request);
    auth.assertCsrf(request, session);
    const body = valid(StaffPasswordBody, request.body);
    await changeOwnPassword(app.db, session.member, body, session.id);
    return { ok: true };
  });

  app.post('/moderate/sso', async (request, reply: FastifyReply) => {
    const body = valid(StaffSsoBody, request.body);
    await countAttempt(request, `sso:${body.site}`);
    const site = await siteByKey(app.db, body.site);
    // The brand's own pages (its allowed origins) and this server may start a staff session.
    if (!isOriginAllowed(site, request.headers.origin, ownOrigin(request))) {
      throw new DomainError('csrf_failed', undefined, `sso from ${request.headers.origin}`);
    }
    const member = await staffMemberFromSso(app.services, site, body.token);
    const { token, session } = await startStaffSession(app.db, member, site, now());
    auth.setCookie(request, reply, token, session.expiresAt, now());
    if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      return reply.redirect('/moderate/', 303);
    }
    return sessionView(app, session, now());
  });

  // The language the signed-in staff member picked; it follows them to other browsers.
  app.post('/moderate/api/language', async (request) => {
    const session = await auth.session(request);
    auth.assertCsrf(request, session);
    const body = valid(StaffLanguageBody, request.body);
    await saveStaffLanguage(app.db, session.member.id, body.language);
    return { ok: true };
  });

  // Two-factor enrolment of the signed-in account: a secret to scan, then its first code turns it on.
  app.post('/moderate/api/two-factor/setup', async (request) => {
    const session = await auth.session(request);
    auth.assertCsrf(request, session);
    return startTwoFactor(app.db, session.member, session.site);
  });

  app.post('/moderate/api/two-factor/enable', async (request) => {
    const session = await auth.session(request);
    auth.assertCsrf(request, session);
    const body = valid(StaffTwoFactorEnableBody, request.body);
    return confirmTwoFactor(app.db, session.member, body.code, now());
  });

  app.post('/moderate/api/two-factor/disable', async (request) => {
    const session = await auth.session(request);
    auth.assertCsrf(request, session);
    const body = valid(StaffTwoFactorDisableBody, request.body);
    await countAttempt(request, `2fa:${session.member.id}`);
    await turnOffTwoFactor(app.db, session.member, body, now());
    return { ok: true };
  });
}
