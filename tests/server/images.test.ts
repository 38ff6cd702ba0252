/**
 * Images in posts, against the real server: uploads are checked from their bytes, re-encoded
 * without metadata, limited in bytes and pixels; posts show only this site's Booth images;
 * hidden posts take their images with them.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { type ErrorBody, IMAGE_LIMITS, type ImageTicket, ImageUpload } from '@booth/shared';
import { SignJWT } from 'jose';
import sharp from 'sharp';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import type { SiteExport } from '../../server/src/domain/export/site-export.js';
import { importSite } from '../../server/src/domain/export/site-import.js';
import {
  answer,
  ask,
  connectGuest,
  connectStaff,
  createOpenSite,
  expectRefused,
  UNLIMITED_FRAMES,
  type Visitor,
} from '../helpers/actors.js';
import { phoneJpeg } from '../helpers/phone-photo.js';
import { imageDepsOf, startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { openSeparateTestDatabase } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let imageDir: string;
let guest: Visitor;

beforeAll(async () => {
  imageDir = await mkdtemp(join(tmpdir(), 'booth-images-'));
  t = await startTestApp({ ws: UNLIMITED_FRAMES, env: { BOOTH_IMAGE_DIR: imageDir } });
  site = await createOpenSite(t.database);
  guest = await connectGuest(t, site, 'Pia Pictures');
});

afterAll(async () => {
  guest?.client.close();
  await t?.close();
  await rm(imageDir, { recursive: true, force: true });
});

async function ticketFor(visitor: Visitor): Promise<ImageTicket> {
  return visitor.client.ok({ type: 'image.ticket' });
}

interface Sent {
  status: number;
  body: unknown;
  headers: Headers;
}

async function send(
  ticket: ImageTicket,
  bytes: Uint8Array,
  headers: Record<string, string> = {},
  origin: string = TEST_ORIGIN,
): Promise<Sent> {
  const response = await fetch(ticket.uploadUrl.replace(/^https?:\/\/[^/]+/, t.baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${ticket.ticket}`, origin, 'content-type': 'image/png', ...headers },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

async function upload(visitor: Visitor, bytes: Uint8Array): Promise<ImageUpload> {
  const sent = await send(await ticketFor(visitor), bytes);
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  return v.parse(ImageUpload, sent.body);
}

function refusal(sent: Sent): ErrorBody {
  return (sent.body as { error: ErrorBody }).error;
}

/** Fetches an image the way a browser would, from the path of its address. */
function fetchImage(url: string, accept = 'image/avif,image/webp,*/*') {
  return fetch(`${t.baseUrl}${new URL(url).pathname}`, { headers: { accept } });
}

/** The EXIF tag number that points at GPS data (0x8825), in either byte order. */
function hasGpsPointer(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

/** A PNG whose header declares `width` × `height` but which holds one pixel: tiny on disk. */
async function pngBomb(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  // IHDR starts at byte 8: length (4), "IHDR" (4), width (4), height (4), 5 more bytes, then its CRC.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

describe('uploads', () => {
  it('re-encodes a phone JPEG: no EXIF or GPS is stored or served, the long side is capped', async () => {
    const original = await phoneJpeg();
    const before = await sharp(original).metadata();
    expect(hasGpsPointer(before.exif)).toBe(true);

    const image = await upload(guest, original);
    expect(image.url.startsWith(`${t.app.services.publicUrl}/images/${site.public_key}/`)).toBe(true);
    expect([image.width, image.height]).toEqual([IMAGE_LIMITS.maxEdge, Math.round((1200 / 3000) * 2048)]);

    const webp = await fetchImage(image.url);
    expect(webp.status).toBe(200);
    expect(webp.headers.get('content-type')).toBe('image/webp');
    expect(webp.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(webp.headers.get('x-content-type-options')).toBe('nosniff');
    expect(webp.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(webp.headers.get('vary')).toMatch(/accept/i);
    const fallback = await fetchImage(image.url, 'image/png,image/*;q=0.8');
    expect(fallback.headers.get('content-type')).toBe('image/jpeg');

    for (const served of [webp, fallback]) {
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect([meta.width, meta.height]).toEqual([image.width, image.height]);
    }
    // What the store holds is what was served: nothing kept aside with the metadata.
    const stored = await t.app.services.imageStore.get(`${site.id}/${image.id}.jpg`);
    expect(stored).not.toBeNull();
    expect((await sharp(stored as Buffer).metadata()).exif).toBeUndefined();
  });

  it('turns a picture upright by its EXIF orientation before dropping the EXIF', async () => {
    const sideways = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#fff' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(sideways).metadata()).orientation).toBe(6);
    const image = await upload(guest, sideways);
    expect([image.width, image.height]).toEqual([20, 40]);
  });

  it('keeps transparency with a PNG fallback, and takes a GIF as its first frame', async () => {
    const gif = await sharp({
      create: { width: 30, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .gif()
      .toBuffer();
    const image = await upload(guest, gif);
    const fallback = await fetchImage(image.url, 'image/*');
    expect(fallback.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await fallback.arrayBuffer())).metadata()).hasAlpha).toBe(true);
  });

  it('refuses a script renamed .png and sent as image/png', async () => {
    const script = new TextEncoder().encode('<script>alert(document.cookie)</script>\n');
    const sent = await send(await ticketFor(guest), script, {
      'content-type': 'image/png',
      'content-disposition': 'attachment; filename="cat.png"',
    });
    expect(sent.status).toBe(415);
    expect(refusal(sent).code).toBe('not_an_image');
    expect(refusal(sent).message).toMatch(/JPEG, PNG, WebP or GIF/);
  });

  it('refuses a file whose signature and contents disagree', async () => {
    const fake = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
    const sent = await send(await ticketFor(guest), fake);
    expect(refusal(sent).code).toBe('not_an_image');
  });

  it('refuses an image bomb from its header, cheaply', async () => {
    const bomb = await pngBomb(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    const sent = await send(await ticketFor(guest), bomb);
    expect(sent.status).toBe(413);
    expect(refusal(sent)).toEqual({ code: 'image_too_many_pixels', message: expect.stringMatching(/too many pixels/) });
  });

  it('refuses a file over the byte limit', async () => {
    const big = Buffer.alloc(IMAGE_LIMITS.maxBytes + 1, 0);
    big.set([0xff, 0xd8, 0xff], 0);
    const sent = await send(await ticketFor(guest), big, { 'content-type': 'image/jpeg' });
    expect(sent.status).toBe(413);
    expect(refusal(sent).code).toBe('image_too_large');
    expect(refusal(sent).message).toMatch(/10 MB/);
  });

  it('needs a ticket of this site, from an allowed origin; readers get none', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#123' } })
      .png()
      .toBuffer();
    const ticket = await ticketFor(guest);
    expect(refusal(await send({ ...ticket, ticket: `${ticket.ticket.slice(0, -2)}xx` }, png)).code).toBe(
      'invalid_token',
    );
    expect(refusal(await send(ticket, png, {}, 'https://evil.example')).code).toBe('origin_not_allowed');
    const other = await createOpenSite(t.database);
    const elsewhere = await send(
      { ...ticket, uploadUrl: ticket.uploadUrl.replace(site.public_key, other.public_key) },
      png,
    );
    expect(refusal(elsewhere).code).toBe('invalid_token');

    const anonymous = await TestClient.connect(t.wsUrl(site));
    const reply = await anonymous.request({ type: 'image.ticket' });
    expect(reply.ok ? 'ok' : reply.error.code).toBe('auth_required');
    anonymous.close();
  });

  it('answers the browser preflight for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${t.baseUrl}/api/images?site=${site.public_key}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(TEST_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TEST_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const refused = await preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a banned member at upload time, with a ticket from before the ban', async () => {
    const banned = await connectGuest(t, site, 'Bo Banned');
    const ticket = await ticketFor(banned);
    await t.database.db
      .updateTable('members')
      .set({ banned_until: new Date('2999-01-01T00:00:00Z') })
      .where('id', '=', banned.me.id)
      .execute();
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#321' } })
      .png()
      .toBuffer();
    const sent = await send(ticket, png);
    expect(sent.status).toBe(403);
    expect(refusal(sent).code).toBe('banned');
    banned.client.close();
  });

  it('counts uploads against the per-member limit and the site quota', async () => {
    const limited = await createOpenSite(t.database, {}, { rateLimits: { uploads: { member: 2, ip: 0, site: 0 } } });
    const visitor = await connectGuest(t, limited, 'Lu Limited');
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#456' } })
      .png()
      .toBuffer();
    const ticket = await ticketFor(visitor);
    expect((await send(ticket, png)).status).toBe(201);
    expect((await send(ticket, png)).status).toBe(201);
    const third = await send(ticket, png);
    expect(third.status).toBe(429);
    expect(refusal(third).code).toBe('rate_limited');
    visitor.client.close();

    const full = await createOpenSite(t.database, {}, { imageQuotaMegabytes: 0 });
    const owner = await connectGuest(t, full, 'Qu Quota');
    const none = await send(await ticketFor(owner), png);
    expect(none.status).toBe(403);
    expect(refusal(none).code).toBe('image_quota_exceeded');
    owner.client.close();
  });

  it('does not serve an unknown image, nor an image under another site', async () => {
    const image = await upload(guest, await phoneJpeg({ width: 20, height: 20 }));
    const other = await createOpenSite(t.database);
    const wrongSite = await fetch(`${t.baseUrl}/images/${other.public_key}/${image.id}`);
    expect(wrongSite.status).toBe(404);
    const unknown = await fetch(`${t.baseUrl}/images/${site.public_key}/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
  });
});

describe('images in posts', () => {
  async function smallPng(colour = '#8a5') {
    return sharp({ create: { width: 8, height: 6, channels: 3, background: colour } })
      .png()
      .toBuffer();
  }

  it('shows the site’s own Booth images with their alt text escaped, and nothing else', async () => {
    const image = await upload(guest, await smallPng());
    const other = await createOpenSite(t.database);
    const otherGuest = await connectGuest(t, other, 'Olli Other');
    const foreign = await upload(otherGuest, await smallPng('#111'));
    otherGuest.client.close();
    const body = [
      `Worn sole: ![left "shoe" <b>heel</b> & toe](${image.url})`,
      '![pixel](https://tracker.example/p.gif)',
      '![data](data:image/png;base64,iVBORw0KGgo=)',
      '![js](javascript:alert(1))',
      `![other site](${foreign.url})`,
      `![lookalike](${image.url}.evil.example/x.png)`,
      `![relative](/images/${site.public_key}/${image.id})`,
    ].join('\n\n');
    const { post } = await ask(guest.client, 'shoes', { title: 'Is this sole worn out?', body });
    const imgs = post.html.match(/<img [^>]*>/g) ?? [];
    expect(imgs).toEqual([
      `<img src="${image.url}" alt="left &quot;shoe&quot; &lt;b&gt;heel&lt;/b&gt; &amp; toe" loading="lazy" />`,
    ]);
    // The others load nothing: no other image, and no link either (an unparsed `javascript:` stays text).
    expect(post.html).not.toMatch(/tracker\.example|data:|evil\.example|href=/);
    expect(post.html).not.toContain(foreign.id);
  });

  it('takes a post that is only a picture, and refuses one whose picture is from elsewhere as blank', async () => {
    const image = await upload(guest, await smallPng('#a85'));
    const { post } = await ask(guest.client, 'shoes', { title: 'Just a picture', body: `![my boots](${image.url})` });
    expect(post.html).toContain('<img');
    await expectRefused(
      guest.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board: 'shoes',
        kind: 'question',
        title: 'Only a hot-linked picture',
        body: '![boots](https://cdn.example/boots.png)',
      }),
      'no_visible_content',
    );
  });

  it('hides a post’s images with the post, and restores them with it', async () => {
    const staff = await connectStaff(t, site);
    const { thread } = await ask(guest.client, 'shoes', { title: 'Laces keep opening', body: 'Any tips?' });
    const image = await upload(guest, await smallPng('#5a8'));
    expect((await fetchImage(image.url)).status).toBe(200);
    const { post } = await answer(guest.client, thread.id, `Here they are: ![laces](${image.url})`);
    expect((await fetchImage(image.url)).status).toBe(200);

    await staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId: post.id, action: 'hide' });
    const hidden = await fetchImage(image.url);
    expect(hidden.status).toBe(404);
    expect(hidden.headers.get('cache-control')).toBe('no-store');
    await staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId: post.id, action: 'restore' });
    expect((await fetchImage(image.url)).status).toBe(200);

    // The whole thread hidden takes its replies' images too; the author deleting the post as well.
    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action: 'hide' });
    expect((await fetchImage(image.url)).status).toBe(404);
    await staff.client.ok({
      type: 'staff.thread.action',
      key: TestClient.key(),
      threadId: thread.id,
      action: 'restore',
    });
    expect((await fetchImage(image.url)).status).toBe(200);
    await guest.client.ok({ type: 'post.delete', key: TestClient.key(), postId: post.id });
    expect((await fetchImage(image.url)).status).toBe(404);
    staff.client.close();
  });

  it('holds a new member’s picture post for review where the site holds their links', async () => {
    // The product's default policy: a new guest may post no link, so a picture is held too.
    const strict = await createOpenSite(t.database, {}, { duplicateWindowMinutes: 0 });
    const newcomer = await connectGuest(t, strict, 'Nia Newcomer');
    const image = await upload(newcomer, await smallPng('#58a'));
    const { post } = await ask(newcomer.client, 'boots', {
      title: 'Is this crack normal?',
      body: `![crack](${image.url})`,
    });
    expect(post.status).toBe('pending');
    const row = await t.database.db
      .selectFrom('posts')
      .select('hold_reason')
      .where('id', '=', post.id)
      .executeTakeFirstOrThrow();
    expect(row.hold_reason).toMatch(/^links: 1 links, limit 0$/);
    // Waiting for review, it stays visible to staff who judge it.
    expect((await fetchImage(image.url)).status).toBe(200);
    // The same newcomer's post without a picture is not held for links.
    const { post: plain } = await ask(newcomer.client, 'boots', { title: 'And the laces?', body: 'They fray fast.' });
    expect(plain.status).toBe('visible');
    newcomer.client.close();
  });
});

describe('export and import', () => {
  // Starts a second Booth with its own embedded Postgres, which takes long on a busy machine.
  it('carry a site’s images: the copy stores them again and its posts show them at their new address', async () => {
    const image = await upload(guest, await phoneJpeg({ width: 64, height: 48 }));
    const { thread } = await ask(guest.client, 'exported', {
      title: 'Sole after a year',
      body: `See the heel: ![worn heel](${image.url})`,
    });
    const token = await new SignJWT({ scope: 'booth:export' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(site.sso_secret));
    const res = await fetch(`${t.baseUrl}/api/sites/${site.public_key}/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as SiteExport;
    const exported = doc.images.find((i) => i.id === image.id);
    expect(exported).toMatchObject({ url: image.url, width: 64, height: 48, fallbackType: 'image/jpeg' });

    // Another Booth, with its own database, image folder and address.
    const otherDir = await mkdtemp(join(tmpdir(), 'booth-images-copy-'));
    const database = await openSeparateTestDatabase();
    const copy = await startTestApp({
      database,
      env: { BOOTH_IMAGE_DIR: otherDir, PUBLIC_URL: 'https://booth-two.example' },
    });
    try {
      const key = `copy_${site.public_key}`;
      const summary = await importSite(copy.database.db, doc, imageDepsOf(copy), { key });
      expect(summary.images).toBe(doc.images.length);
      const post = await copy.database.db
        .selectFrom('posts')
        .innerJoin('threads', 'threads.id', 'posts.thread_id')
        .select(['posts.source', 'posts.html'])
        .where('threads.title', '=', thread.title)
        .executeTakeFirstOrThrow();
      const address = new RegExp(`https://booth-two\\.example/images/${key}/([A-Za-z0-9_-]{22})`);
      const newId = address.exec(post.source)?.[1];
      expect(newId).toBeDefined();
      expect(post.source).not.toContain(image.url);
      expect(post.html).toContain(`<img src="https://booth-two.example/images/${key}/${newId}" alt="worn heel"`);

      const original = await fetchImage(image.url);
      const restored = await fetch(`${copy.baseUrl}/images/${key}/${newId}`, { headers: { accept: 'image/webp' } });
      expect(restored.status).toBe(200);
      expect(restored.headers.get('content-type')).toBe('image/webp');
      expect(Buffer.from(await restored.arrayBuffer())).toEqual(Buffer.from(await original.arrayBuffer()));
    } finally {
      await copy.close();
      await database.dispose();
      await rm(otherDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses an export whose image bytes are not the picture they claim, and keeps nothing of it', async () => {
    const image = await upload(guest, await smallPngFor());
    await ask(guest.client, 'exported', { title: 'Another picture', body: `![x](${image.url})` });
    const res = await fetch(`${t.baseUrl}/api/sites/${site.public_key}/export`, {
      headers: {
        authorization: `Bearer ${await new SignJWT({ scope: 'booth:export' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(site.sso_secret))}`,
      },
    });
    const doc = (await res.json()) as SiteExport;
    const tampered = {
      ...doc,
      images: doc.images.map((i, n) =>
        n === doc.images.length - 1 ? { ...i, fallback: Buffer.from('<script>1</script>').toString('base64') } : i,
      ),
    };
    const key = `bad_${site.public_key}`;
    const filesBefore = await storedFiles();
    await expect(importSite(t.database.db, tampered, imageDepsOf(t), { key })).rejects.toThrow(
      /not a image\/(png|jpeg)/,
    );
    const sites = await t.database.db.selectFrom('sites').select('id').where('public_key', '=', key).execute();
    expect(sites).toEqual([]);
    // The images it had stored before it met the bad one are removed again.
    expect(await storedFiles()).toEqual(filesBefore);
  });
});

/** Every file in the image folder. */
async function storedFiles(): Promise<string[]> {
  return (await readdir(imageDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function smallPngFor() {
  return sharp({ create: { width: 5, height: 5, channels: 3, background: '#777' } })
    .png()
    .toBuffer();
}
