/**
 * The widget's scripts cross the network compressed: the build writes a brotli and a gzip copy of
 * each, and the node sends the one the browser accepts, marked with Content-Encoding and
 * Vary: Accept-Encoding, cached like the file itself. Read with node:http, which (unlike fetch)
 * hands over the bytes as sent.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_DIST } from '../../server/src/plugins/widget-assets.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { widgetModulePath } from '../helpers/widget-files.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

interface RawResponse {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET `path` with the given Accept-Encoding (none when undefined), body as sent. */
function get(path: string, acceptEncoding?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    request(`${t.baseUrl}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(!existsSync(`${WIDGET_DIST}embed.js.br`))('the widget’s scripts, compressed', () => {
  it('sends brotli or gzip as the browser accepts, the same script either way', async () => {
    for (const path of ['/embed.js', await widgetModulePath(t.baseUrl)]) {
      const plain = await get(path);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString('utf8')).toMatch(/import/);

      const br = await get(path, 'gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.body.length).toBeLessThan(plain.body.length);
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

      const gz = await get(path, 'gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

      for (const response of [plain, br, gz]) {
        expect(String(response.headers.vary)).toMatch(/accept-encoding/i);
        expect(response.headers['content-type']).toMatch(/javascript/);
        expect(response.headers['access-control-allow-origin']).toBe('*');
      }
    }
  });

  it('caches a compressed copy as the file it is a copy of', async () => {
    const embed = await get('/embed.js', 'br');
    expect(embed.headers['cache-control']).toBe('public, max-age=300');
    const module = await get(await widgetModulePath(t.baseUrl), 'br');
    expect(module.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
