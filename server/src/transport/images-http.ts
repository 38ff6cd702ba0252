import type { Readable } from 'node:stream';
import { IMAGE_LIMITS, IMAGE_UPLOAD_PATH, ImageId, SiteKey, SiteKeyQuery } from '@booth/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { findServableImage } from '../db/images.queries.js';
import { DomainError } from '../domain/domain-error.js';
import { imageKey } from '../domain/images/image-keys.js';
import { uploadImage } from '../domain/images/upload-image.js';
import { siteForRequest } from './site-access.js';

const ImageParams = v.object({ site: SiteKey, image: ImageId });

/** A year: an image's bytes never change under its address (a new upload gets a new id). */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Reads a request body up to `max` bytes; one byte more is `image_too_large`, before the rest is read. */
async function readCapped(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) throw new DomainError('image_too_large', undefined, `more than ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function bearer(request: FastifyRequest): string {
  const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(request.headers.authorization ?? '');
  if (!match) throw new DomainError('auth_required', undefined, 'no upload ticket');
  return match[1] as string;
}

/** Lets the brand page call the upload route: only from an origin the site allows. */
function allowCors(request: FastifyRequest, reply: FastifyReply) {
  if (request.headers.origin) {
    reply.header('access-control-allow-origin', request.headers.origin);
    reply.header('vary', 'Origin');
  }
}

/**
 * Images in posts. `POST /api/images?site=KEY` takes an upload (raw body, `Authorization:
 * Bearer TICKET` from `image.ticket`; see shared/src/image-schemas.ts) and answers 201 with an
 * `ImageUpload`. `GET /images/KEY/ID` serves the image while its post is in sight: WebP to
 * browsers that accept it, the JPEG or PNG fallback otherwise, cached for a year, loadable from
 * brand pages (cross-origin resource policy), never sniffed as another type.
 *
 * Not wrapped in fastify-plugin: its body parser (any type, read as bytes) stays on these routes.
 */
export default async function imagesHttp(app: FastifyInstance, options: { publicUrl: string }) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request: FastifyRequest, payload: Readable) => {
    const declared = Number(request.headers['content-length']);
    if (declared > IMAGE_LIMITS.maxBytes) {
      return Promise.reject(new DomainError('image_too_large', undefined, `content-length ${declared}`));
    }
    return readCapped(payload, IMAGE_LIMITS.maxBytes);
  });

  app.options(IMAGE_UPLOAD_PATH, async (request, reply) => {
    const query = v.safeParse(SiteKeyQuery, request.query);
    if (!query.success) throw new DomainError('invalid_message', { key: 'refusal.siteKey' });
    await siteForRequest(app.db, request, query.output.site, app.refusedOrigins);
    allowCors(request, reply);
    return reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'authorization, content-type')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });

  app.post(IMAGE_UPLOAD_PATH, { bodyLimit: IMAGE_LIMITS.maxBytes }, async (request, reply) => {
    const query = v.safeParse(SiteKeyQuery, request.query);
    if (!query.success) throw new DomainError('invalid_message', { key: 'refusal.siteKey' });
    const site = await siteForRequest(app.db, request, query.output.site, app.refusedOrigins);
    allowCors(request, reply);
    const ticket = bearer(request);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
      throw new DomainError('not_an_image', undefined, 'empty body');
    }
    const image = await uploadImage(
      {
        services: app.services,
        store: app.services.imageStore,
        limits: app.requestLimits,
        publicUrl: options.publicUrl,
      },
      site,
      { ticket, bytes: request.body, ip: request.ip },
    );
    return reply.code(201).header('cache-control', 'no-store').send(image);
  });

  app.get('/images/:site/:image', async (request, reply) => {
    const params = v.safeParse(ImageParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const image = await findServableImage(app.db, params.output.site, params.output.image);
    if (!image) {
      reply.header('cache-control', 'no-store');
      throw new DomainError('not_found');
    }
    const webp = /\bimage\/webp\b/i.test(request.headers.accept ?? '');
    const type = webp ? 'image/webp' : image.fallback_type;
    const bytes = await app.services.imageStore.get(imageKey(image.site_id, image.id, type));
    if (!bytes) {
      request.log.error({ image: image.id, type }, 'image bytes missing from the store');
      reply.header('cache-control', 'no-store');
      throw new DomainError('not_found');
    }
    return reply
      .header('content-type', type)
      .header('cache-control', IMMUTABLE)
      .header('vary', 'Accept')
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(bytes);
  });
}
