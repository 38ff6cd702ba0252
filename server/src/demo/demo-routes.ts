import { readFileSync } from 'node:fs';
import { check } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SignJWT } from 'jose';
import * as v from 'valibot';
import { findSiteByKey } from '../db/sites.queries.js';
import { DomainError } from '../domain/domain-error.js';
import { SERVER_ROOT } from '../server-root.js';
import { DEMO_BOARD, DEMO_PERSONAS, DEMO_SITE_KEY, ensureDemoSite } from './demo-site.js';
import { describeDemoCredentials, ensureDemoStaff } from './demo-staff.js';

const page = (name: string) => readFileSync(new URL(`src/demo/public/${name}`, SERVER_ROOT), 'utf8');

export interface DemoOptions {
  publicUrl: string;
}

/**
 * The demo brand page at `/`, embedding the widget with the same script tag a brand would use,
 * and a stand-in for the brand's own login that hands out SSO tokens for two personas.
 */
async function demoRoutes(app: FastifyInstance, options: DemoOptions) {
  const site = await ensureDemoSite(app.services, options.publicUrl);
  const credentials = await ensureDemoStaff(app.db, site);
  app.addHook('onListen', async () => {
    if (app.log.level !== 'silent')
      process.stdout.write(`\n${describeDemoCredentials(options.publicUrl, credentials)}`);
  });
  const render = (name: string) => page(name).replaceAll('{{SITE}}', DEMO_SITE_KEY).replaceAll('{{BOARD}}', DEMO_BOARD);
  const home = render('index.html');
  const strict = render('strict.html');
  const script = page('demo.js');
  const styles = page('demo.css');

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(home));
  app.get('/demo/demo.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(styles));
  app.get('/demo/demo.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));
  // The same board on a page that allows nothing inline: the widget must still work.
  app.get('/demo/strict', async (request, reply) => {
    const host = request.host;
    reply.header(
      'content-security-policy',
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self' ws://${host} wss://${host}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    return reply.type('text/html; charset=utf-8').send(strict);
  });

  app.get('/demo/sso-token', async (request) => {
    const query = check(v.object({ persona: v.picklist(['customer', 'staff']) }), request.query);
    if (!query.ok) throw new DomainError('invalid_message', query.error.message);
    const { persona } = query.value;
    const site = await findSiteByKey(app.db, DEMO_SITE_KEY);
    if (!site) throw new DomainError('unknown_site');
    const who = DEMO_PERSONAS[persona];
    const token = await new SignJWT({ name: who.name, ...('role' in who ? { role: who.role } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(who.sub)
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(new TextEncoder().encode(site.sso_secret));
    return { token, name: who.name };
  });
}

export default fp(demoRoutes, { name: 'booth-demo', dependencies: ['booth-services'] });
