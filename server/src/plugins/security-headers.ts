import type { IncomingMessage } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityHeadersOptions {
  /** The public URL of this server; HTTPS turns on HSTS and upgrading insecure requests. */
  publicUrl: string;
}

/**
 * Security headers on every response, through helmet. The default Content-Security-Policy
 * allows this origin's own scripts, styles and socket and nothing inline, which is what the
 * demo page and the moderation view need (the moderation view sets its own, equally strict).
 * Widget files are meant to be loaded by brand pages, so they opt out of the same-origin
 * resource policy where they are served.
 */
async function securityHeaders(app: FastifyInstance, options: SecurityHeadersOptions) {
  const https = options.publicUrl.startsWith('https://');
  // The Host header is the client's to write: only a plain host name and port goes into the policy.
  const socketOrigins = (request: IncomingMessage) => {
    const host = request.headers.host ?? '';
    return /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$/.test(host) ? `ws://${host} wss://${host}` : '';
  };
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", (request) => socketOrigins(request)],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
    // Only a response over HTTPS may tell browsers to insist on HTTPS.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

export default fp(securityHeaders, { name: 'booth-security-headers' });
