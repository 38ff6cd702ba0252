import { randomBytes } from 'node:crypto';
import { type ImageUpload, imagePath } from '@booth/shared';
import { insertImage, siteImageBytes } from '../../db/images.queries.js';
import { findMember } from '../../db/members.queries.js';
import { IMAGE_UPLOAD, type RequestLimits } from '../../limits/request-limits.js';
import type { ImageStore } from '../../storage/image-store.js';
import { assertCanWrite } from '../authorization.js';
import { DomainError } from '../domain-error.js';
import { sitePolicyOf } from '../policy/site-policies.js';
import type { Services, SiteRow } from '../services.js';
import { imageKeys } from './image-keys.js';
import { processImage } from './image-processing.js';
import { verifyImageTicket } from './image-tickets.js';

const MEGABYTE = 1024 * 1024;

export interface UploadDeps {
  services: Services;
  store: ImageStore;
  limits: RequestLimits;
  /** Public URL of this server, the origin of image addresses. */
  publicUrl: string;
}

/**
 * Takes an upload for a site: the ticket's member, as stored now, must be allowed to write there;
 * the upload counts against the rate limits and the site's storage quota; then the bytes are
 * checked and re-encoded (`processImage`), stored, and recorded.
 */
export async function uploadImage(
  deps: UploadDeps,
  site: SiteRow,
  upload: { ticket: string; bytes: Buffer; ip: string },
): Promise<ImageUpload> {
  const { services, store } = deps;
  const now = services.now();
  const memberId = verifyImageTicket(services.guestSecret, site.id, upload.ticket, now);
  const member = await findMember(services.db, memberId);
  if (!member || member.erased_at !== null) throw new DomainError('invalid_token');
  assertCanWrite(member, site, now);
  await deps.limits.check({ siteId: site.id, ip: upload.ip, member }, { type: IMAGE_UPLOAD });
  const quota = sitePolicyOf(site).imageQuotaMegabytes * MEGABYTE;
  const used = await siteImageBytes(services.db, site.id);
  if (used >= quota) throw new DomainError('image_quota_exceeded', undefined, `${used} of ${quota} bytes used`);

  const image = await processImage(upload.bytes);
  const bytes = image.webp.length + image.fallback.length;
  if (used + bytes > quota) throw new DomainError('image_quota_exceeded', undefined, `${used} + ${bytes} > ${quota}`);
  const id = randomBytes(16).toString('base64url').slice(0, 22);
  const keys = imageKeys(site.id, id, image.fallbackType);
  await store.put(keys.webp, image.webp, 'image/webp');
  await store.put(keys.fallback, image.fallback, image.fallbackType);
  try {
    await insertImage(services.db, {
      id,
      siteId: site.id,
      uploaderId: member.id,
      width: image.width,
      height: image.height,
      fallbackType: image.fallbackType,
      bytes,
      now,
    });
  } catch (error) {
    await Promise.allSettled([store.delete(keys.webp), store.delete(keys.fallback)]);
    throw error;
  }
  return {
    id,
    url: `${deps.publicUrl}${imagePath(site.public_key, id)}`,
    width: image.width,
    height: image.height,
  };
}
