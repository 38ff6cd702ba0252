import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SiteRow } from '../db/database.js';
import { DomainError } from '../domain/domain-error.js';
import { csrfMatches, resolveStaffSession, type StaffSession } from '../domain/staff-sessions.js';
import { ownOrigin } from '../transport/site-access.js';

/** The cookie that carries a staff session token. */
export const STAFF_COOKIE = 'booth_staff';
/** The header the moderation view sends its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

export interface StaffAuth {
  /** The live session of the request's cookie; throws `auth_required` or `session_expired`. */
  session(request: FastifyRequest): Promise<StaffSession>;
  /**
   * Guards a state-changing request: the Origin, when sent, must be this server's own, and
   * the `x-csrf-token` header must equal the session's token (synchronizer token).
   */
  assertCsrf(request: FastifyRequest, session: StaffSession): void;
  /** Throws `csrf_failed` when the request comes from a page of another origin. */
  assertSameOrigin(request: FastifyRequest): void;
  /** Sets the session cookie to last until `expiresAt` on the server's clock (`now`). */
  setCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date, now: Date): void;
  clearCookie(reply: FastifyReply): void;
  /** The staff session for a moderation socket of `site`; checked before the upgrade. */
  forUpgrade(request: FastifyRequest, site: SiteRow): Promise<{ token: string; session: StaffSession }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    staffAuth: StaffAuth;
  }
}

/**
 * Staff sign-in plumbing shared by the HTTP routes and the WebSocket upgrade: the session
 * cookie (httpOnly, SameSite=Lax, Secure behind HTTPS) and CSRF checks.
 */
async function staffAuthPlugin(app: FastifyInstance) {
  await app.register(cookie);
  const now = () => app.services.now();

  const tokenOf = (request: FastifyRequest): string | undefined => {
    const token = request.cookies[STAFF_COOKIE];
    return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined;
  };

  const auth: StaffAuth = {
    async session(request) {
      const token = tokenOf(request);
      if (!token) throw new DomainError('auth_required', { key: 'refusal.staffSignInFirst' });
      return resolveStaffSession(app.db, token, now());
    },
    assertSameOrigin(request) {
      const origin = request.headers.origin;
      if (origin !== undefined && origin.toLowerCase() !== ownOrigin(request).toLowerCase()) {
        throw new DomainError('csrf_failed', undefined, `origin ${origin}`);
      }
    },
    assertCsrf(request, session) {
      auth.assertSameOrigin(request);
      const header = request.headers[CSRF_HEADER];
      if (!csrfMatches(session, typeof header === 'string' ? header : undefined)) {
        throw new DomainError('csrf_failed', undefined, 'missing or wrong csrf token');
      }
    },
    setCookie(request, reply, token, expiresAt, now) {
      // A lifetime (Max-Age), not an end date: a browser whose clock is off from the server's
      // would otherwise drop the cookie at once or keep it too long.
      reply.setCookie(STAFF_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
      });
    },
    clearCookie(reply) {
      reply.clearCookie(STAFF_COOKIE, { path: '/' });
    },
    async forUpgrade(request, site) {
      // The moderation view is served by this server: a socket from any other page is refused,
      // which keeps a brand page (or an attacker's) from riding a staff member's cookie.
      const origin = request.headers.origin;
      if (origin !== undefined && origin.toLowerCase() !== ownOrigin(request).toLowerCase()) {
        throw new DomainError('origin_not_allowed', undefined, `moderation socket from ${origin}`);
      }
      const token = tokenOf(request);
      if (!token) throw new DomainError('auth_required', { key: 'refusal.staffSignInFirst' });
      const session = await resolveStaffSession(app.db, token, now());
      if (session.site.id !== site.id) {
        throw new DomainError('forbidden', { key: 'refusal.otherSiteStaff' });
      }
      return { token, session };
    },
  };

  app.decorate('staffAuth', auth);
}

export default fp(staffAuthPlugin, { name: 'booth-staff-auth', dependencies: ['booth-services'] });
