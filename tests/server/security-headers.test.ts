import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { WIDGET_DIST } from '../../server/src/plugins/widget-assets.js';
import { addStaff, postJson } from '../helpers/staff-session.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { widgetModulePath } from '../helpers/widget-files.js';

let t: TestApp;
let site: SiteRow;

beforeAll(async () => {
  // The demo is on, as in the product's default start: its brand page must carry the headers too.
  t = await startTestApp({ env: { BOOTH_DEMO: 'true' } });
  site = await createTestSite(t.database);
});
afterAll(async () => t?.close());

/** Parses a Content-Security-Policy header into its directives. */
function directives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

/** A policy that runs nothing inline, loads nothing from elsewhere and cannot be framed. */
function expectStrictCsp(header: string | null) {
  const csp = directives(header);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(header).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
}

const PATHS = [
  ['the demo brand page', '/'],
  ['the health check', '/healthz'],
  ['an unknown path', '/no/such/page'],
  ['the read API', '/api/boards/b/threads?site=SITE'],
  ['a refused API call', '/api/boards/b/threads?site=nope'],
  ['the moderation view', '/moderate/'],
  ['the staff session API', '/moderate/api/session'],
];

describe('security headers', () => {
  it.each(PATHS)('are on %s', async (_what, path) => {
    const response = await fetch(`${t.baseUrl}${path.replace('SITE', site.public_key)}`);
    const h = response.headers;
    expectStrictCsp(h.get('content-security-policy'));
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('x-frame-options') ?? 'DENY').toMatch(/^(DENY|SAMEORIGIN)$/);
    expect(h.get('referrer-policy')).toMatch(/^(no-referrer|same-origin|strict-origin-when-cross-origin)$/);
    expect(h.get('x-powered-by')).toBeNull();
  });

  it('set the rest of helmet’s set on ordinary responses', async () => {
    const h = (await fetch(`${t.baseUrl}/healthz`)).headers;
    expect(h.get('x-frame-options')).toBe('DENY');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(h.get('x-dns-prefetch-control')).toBe('off');
    expect(h.get('x-permitted-cross-domain-policies')).toBe('none');
    // Served over plain HTTP, the server does not claim HTTPS.
    expect(h.get('strict-transport-security')).toBeNull();
  });

  it('let the page’s own socket through the policy, and nothing else', async () => {
    const h = (await fetch(`${t.baseUrl}/`)).headers;
    const host = new URL(t.baseUrl).host;
    expect(directives(h.get('content-security-policy')).get('connect-src')).toEqual([
      "'self'",
      `ws://${host}`,
      `wss://${host}`,
    ]);
  });

  it.skipIf(!existsSync(`${WIDGET_DIST}embed.js`))('let brand pages on other origins load the widget', async () => {
    const h = (await fetch(`${t.baseUrl}/embed.js`)).headers;
    expect(h.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(h.get('x-content-type-options')).toBe('nosniff');
    // The script tag's file keeps its name across releases, so browsers check it again soon.
    expect(h.get('cache-control')).toBe('public, max-age=300');
  });

  it.skipIf(!existsSync(`${WIDGET_DIST}embed.js`))(
    'serve the widget’s module chunks to other origins with CORS, cached for good',
    async () => {
      const response = await fetch(`${t.baseUrl}${await widgetModulePath(t.baseUrl)}`, {
        headers: { origin: 'https://brand.example' },
      });
      expect(response.status).toBe(200);
      const h = response.headers;
      expect(h.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(h.get('access-control-allow-origin')).toBe('*');
      expect(h.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(h.get('cache-control')).toBe('public, max-age=31536000, immutable');
    },
  );

  it('turn on HSTS and upgrade-insecure-requests when the public URL is HTTPS', async () => {
    const secure = await startTestApp({ database: t.database, env: { PUBLIC_URL: 'https://booth.example.com' } });
    const h = (await fetch(`${secure.baseUrl}/healthz`)).headers;
    expect(h.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(directives(h.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
    await secure.close();
  });

  it('never echo a hostile Host header into the policy', async () => {
    const { request } = await import('node:http');
    const csp = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${t.baseUrl}/healthz`,
        { headers: { host: "evil.example; script-src 'unsafe-inline'" } },
        (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy']));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('evil.example');
  });
});

describe('the staff session cookie', () => {
  it('is HttpOnly and SameSite, and Secure when the request came over HTTPS through a trusted proxy', async () => {
    const { email, password } = await addStaff(t, site);
    const plain = await postJson(t, '/moderate/api/login', { email, password });
    expect(plain.status).toBe(200);
    const cookie = plain.headers.getSetCookie().find((c) => c.startsWith('booth_staff=')) ?? '';
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    // The test connects from loopback, the default trusted proxy, so the forwarded scheme counts.
    const httpsOrigin = t.baseUrl.replace(/^http:/, 'https:');
    const secure = await postJson(
      t,
      '/moderate/api/login',
      { email, password },
      { 'x-forwarded-proto': 'https', origin: httpsOrigin },
    );
    expect(secure.status).toBe(200);
    const secureCookie = secure.headers.getSetCookie().find((c) => c.startsWith('booth_staff=')) ?? '';
    expect(secureCookie).toMatch(/; Secure/i);
    expect(secureCookie).toMatch(/; HttpOnly/i);
  });
});
