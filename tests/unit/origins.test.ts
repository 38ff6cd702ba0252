import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from '../../server/src/domain/origins.js';

const site = { allowed_origins: ['https://brand.example', 'http://localhost:5173/'] };
const OWN = 'https://booth.example.com';

describe('isOriginAllowed', () => {
  it.each([
    ['an allowed origin', 'https://brand.example'],
    ['an allowed origin in another case', 'HTTPS://Brand.Example'],
    ['an allowed origin with a trailing slash', 'https://brand.example/'],
    ['an allowed origin listed with a trailing slash', 'http://localhost:5173'],
    ["Booth's own origin", OWN],
    ['no Origin header (a server-to-server call)', undefined],
  ])('allows %s', (_name, origin) => {
    expect(isOriginAllowed(site, origin, OWN)).toBe(true);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a subdomain', 'https://shop.brand.example'],
    ['a look-alike suffix', 'https://brand.example.evil.example'],
    ['another scheme', 'http://brand.example'],
    ['another port', 'https://brand.example:8443'],
    ['a sandboxed frame', 'null'],
    ['an empty Origin', ''],
    ['a wildcard', '*'],
  ])('refuses %s', (_name, origin) => {
    expect(isOriginAllowed(site, origin, OWN)).toBe(false);
  });

  it('refuses everything but its own origin when the site lists none', () => {
    expect(isOriginAllowed({ allowed_origins: [] }, 'https://brand.example', OWN)).toBe(false);
    expect(isOriginAllowed({ allowed_origins: [] }, OWN, OWN)).toBe(true);
  });
});
