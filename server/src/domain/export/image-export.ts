/**
 * Images in a site export: each image's two stored versions as base64, with the address posts
 * used for it, so an import can store them again and point the posts at their new addresses.
 */
import { randomBytes } from 'node:crypto';
import { IMAGE_LIMITS, imagePath } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import { listImagesForExport, type NewImage } from '../../db/images.queries.js';
import type { ImageFallbackType } from '../../db/images.tables.js';
import type { ImageStore } from '../../storage/image-store.js';
import { DomainError } from '../domain-error.js';
import { imageKeys } from '../images/image-keys.js';
import { sniffImageFormat } from '../images/image-processing.js';

/** Where images are: the store of their bytes, and this server's public URL (their addresses). */
export interface ImageDeps {
  store: ImageStore;
  publicUrl: string;
}

export interface ExportedImage {
  id: string;
  /** The image's address on the exporting server, as posts' markdown refers to it. */
  url: string;
  uploader: string;
  post: string | null;
  width: number;
  height: number;
  fallbackType: ImageFallbackType;
  createdAt: string;
  /** The WebP version, base64. */
  webp: string;
  /** The JPEG or PNG version, base64. */
  fallback: string;
}

/** The site's images with their bytes; one whose bytes are missing from the store is left out. */
export async function exportImages(
  db: Executor,
  site: { id: string; public_key: string },
  images: ImageDeps,
): Promise<ExportedImage[]> {
  const exported: ExportedImage[] = [];
  for (const row of await listImagesForExport(db, site.id)) {
    const keys = imageKeys(site.id, row.id, row.fallback_type);
    const [webp, fallback] = await Promise.all([images.store.get(keys.webp), images.store.get(keys.fallback)]);
    if (!webp || !fallback) continue;
    exported.push({
      id: row.id,
      url: `${images.publicUrl}${imagePath(site.public_key, row.id)}`,
      uploader: row.uploader_id,
      post: row.post_id,
      width: row.width,
      height: row.height,
      fallbackType: row.fallback_type,
      createdAt: row.created_at.toISOString(),
      webp: webp.toString('base64'),
      fallback: fallback.toString('base64'),
    });
  }
  return exported;
}

const FORMAT_OF: Record<ImageFallbackType | 'image/webp', string> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
};

/** Decodes one version and checks it is what it says (the document may come from anywhere). */
function versionBytes(base64: string, type: ImageFallbackType | 'image/webp', id: string): Buffer {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > IMAGE_LIMITS.maxBytes || sniffImageFormat(bytes) !== FORMAT_OF[type]) {
    throw new DomainError('invalid_message', `export: image ${id} is not a ${type} of at most 10 MB`);
  }
  return bytes;
}

/** What an import of images did: the rows to record, and the address each old one has now. */
export interface StoredImports {
  rows: Array<NewImage & { postId: string | null }>;
  /** Old address → new address, for rewriting posts' markdown. */
  addresses: Map<string, string>;
  /** Store keys written, to remove if the import fails. */
  keys: string[];
}

/**
 * Stores the document's images under new ids for `site` and says how posts' addresses change.
 * Their uploader and post are mapped to the imported records' ids.
 */
export async function storeImportedImages(
  images: ExportedImage[],
  site: { id: string; public_key: string },
  deps: ImageDeps,
  ids: { member(id: string): string; post(id: string): string },
): Promise<StoredImports> {
  const stored: StoredImports = { rows: [], addresses: new Map(), keys: [] };
  try {
    for (const image of images) {
      const webp = versionBytes(image.webp, 'image/webp', image.id);
      const fallback = versionBytes(image.fallback, image.fallbackType, image.id);
      const id = randomBytes(16).toString('base64url').slice(0, 22);
      const keys = imageKeys(site.id, id, image.fallbackType);
      stored.keys.push(keys.webp, keys.fallback);
      await deps.store.put(keys.webp, webp, 'image/webp');
      await deps.store.put(keys.fallback, fallback, image.fallbackType);
      stored.addresses.set(image.url, `${deps.publicUrl}${imagePath(site.public_key, id)}`);
      stored.rows.push({
        id,
        siteId: site.id,
        uploaderId: ids.member(image.uploader),
        postId: image.post === null ? null : ids.post(image.post),
        width: image.width,
        height: image.height,
        fallbackType: image.fallbackType,
        bytes: webp.length + fallback.length,
        now: new Date(image.createdAt),
      });
    }
  } catch (error) {
    await removeStored(deps.store, stored.keys);
    throw error;
  }
  return stored;
}

/** Removes what an import stored, when the import failed after all. */
export async function removeStored(store: ImageStore, keys: readonly string[]): Promise<void> {
  await Promise.allSettled(keys.map((key) => store.delete(key)));
}

/** A post's markdown with each old image address replaced by its new one. */
export function rewriteImageAddresses(source: string, addresses: ReadonlyMap<string, string>): string {
  let rewritten = source;
  for (const [from, to] of addresses) rewritten = rewritten.split(from).join(to);
  return rewritten;
}
