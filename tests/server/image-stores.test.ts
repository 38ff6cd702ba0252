/**
 * The image stores keep to one contract: the local folder always, and S3-compatible storage
 * against moto's S3 server when it is installed; a node configured for S3 serves uploads from it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageUpload } from '@booth/shared';
import sharp from 'sharp';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageStore } from '../../server/src/storage/image-store.js';
import { LocalImageStore } from '../../server/src/storage/local-image-store.js';
import { S3ImageStore } from '../../server/src/storage/s3-image-store.js';
import { connectGuest, createOpenSite } from '../helpers/actors.js';
import { NO_S3_REASON, s3ServerInstalled, startS3Server, type TestS3 } from '../helpers/s3-server.js';
import { startTestApp, TEST_ORIGIN } from '../helpers/test-app.js';

const s3Installed = s3ServerInstalled();
if (!s3Installed) console.info(`S3 image-store cases ${NO_S3_REASON}`);

let folder: string;
let s3: TestS3 | null = null;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'booth-store-'));
  if (s3Installed) s3 = await startS3Server();
});

afterAll(async () => {
  await s3?.stop();
  await rm(folder, { recursive: true, force: true });
});

const KEY = '42/AbCdEfGhIjKlMnOpQrStUv.webp';
const OTHER = '42/AbCdEfGhIjKlMnOpQrStUv.jpg';

function contract(name: string, skip: boolean, open: () => Promise<ImageStore>) {
  describe.skipIf(skip)(skip ? `the ${name} image store (${NO_S3_REASON})` : `the ${name} image store`, () => {
    it('gives back what was put, replaces it, and forgets it when deleted', async () => {
      const store = await open();
      expect(await store.get(KEY)).toBeNull();
      await store.put(KEY, Buffer.from('first'), 'image/webp');
      await store.put(OTHER, Buffer.from('other'), 'image/jpeg');
      expect((await store.get(KEY))?.toString()).toBe('first');
      await store.put(KEY, Buffer.from('second'), 'image/webp');
      expect((await store.get(KEY))?.toString()).toBe('second');
      await store.delete(KEY);
      expect(await store.get(KEY)).toBeNull();
      expect((await store.get(OTHER))?.toString()).toBe('other');
      await store.delete(KEY);
    });

    it('refuses keys Booth does not make, such as a path out of the store', async () => {
      const store = await open();
      for (const key of [
        '../etc/passwd',
        '42/../../x.webp',
        '42/short.webp',
        '42/AbCdEfGhIjKlMnOpQrStUv.svg',
        '/42/a',
      ]) {
        await expect(store.put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow(/not an image key/);
        await expect(store.get(key)).rejects.toThrow(/not an image key/);
      }
    });
  });
}

contract('local', false, async () => new LocalImageStore(await mkdtemp(join(folder, 'local-'))));
contract('S3', !s3Installed, async () => {
  if (!s3) throw new Error('no S3 server');
  const bucketUrl = await s3.bucket(`booth-${Math.random().toString(36).slice(2, 10)}`);
  return new S3ImageStore({
    bucketUrl: `${bucketUrl}/images`,
    region: 'us-east-1',
    accessKeyId: 'test',
    secretAccessKey: 'test',
  });
});

describe.skipIf(!s3Installed)('a node with S3 image storage', () => {
  it('stores uploads in the bucket and serves them from it', async () => {
    if (!s3) throw new Error('no S3 server');
    const bucketUrl = await s3.bucket('booth-node');
    const t = await startTestApp({
      env: {
        S3_IMAGE_BUCKET_URL: bucketUrl,
        S3_ACCESS_KEY_ID: 'test',
        S3_SECRET_ACCESS_KEY: 'test',
        BOOTH_IMAGE_DIR: join(folder, 'unused'),
      },
    });
    try {
      const site = await createOpenSite(t.database);
      const guest = await connectGuest(t, site, 'Sia Storage');
      const ticket = await guest.client.ok({ type: 'image.ticket' });
      const png = await sharp({ create: { width: 12, height: 9, channels: 3, background: '#246' } })
        .png()
        .toBuffer();
      const sent = await fetch(ticket.uploadUrl.replace(/^https?:\/\/[^/]+/, t.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${ticket.ticket}`, origin: TEST_ORIGIN },
        body: new Uint8Array(png),
      });
      expect(sent.status).toBe(201);
      const image = v.parse(ImageUpload, await sent.json());
      // The bytes are in the bucket (read with a store of its own), and the local folder was never made.
      const bucket = new S3ImageStore({ bucketUrl, region: 'us-east-1', accessKeyId: 'test', secretAccessKey: 'test' });
      const inBucket = await bucket.get(`${site.id}/${image.id}.webp`);
      expect(inBucket).not.toBeNull();
      expect(existsSync(join(folder, 'unused'))).toBe(false);
      const served = await fetch(`${t.baseUrl}${new URL(image.url).pathname}`, { headers: { accept: 'image/webp' } });
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer())).toEqual(inBucket);
      guest.client.close();
    } finally {
      await t.close();
    }
  });
});
