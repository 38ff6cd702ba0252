import type { ImageFallbackType } from '../../db/images.tables.js';

const EXTENSIONS: Record<ImageFallbackType | 'image/webp', string> = {
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** The store keys of an image's two versions. */
export function imageKeys(siteId: string, imageId: string, fallbackType: ImageFallbackType) {
  return {
    webp: imageKey(siteId, imageId, 'image/webp'),
    fallback: imageKey(siteId, imageId, fallbackType),
  };
}

/** The store key of one version of an image. */
export function imageKey(siteId: string, imageId: string, type: ImageFallbackType | 'image/webp'): string {
  return `${siteId}/${imageId}.${EXTENSIONS[type]}`;
}
