import { imagePath } from '@booth/shared';
import type { Services, SiteRow } from '../services.js';

/** Whose images a post may show: those at this Booth origin, under this site's key. */
export interface ImageContext {
  /** The Booth server's public URL, without a trailing slash. */
  origin: string;
  siteKey: string;
}

export function imageContextOf(services: Pick<Services, 'publicUrl'>, site: Pick<SiteRow, 'public_key'>): ImageContext {
  return { origin: services.publicUrl.replace(/\/$/, ''), siteKey: site.public_key };
}

const IMAGE_ID = /^[A-Za-z0-9_-]{22}$/;

/** The image id of `src` when it is exactly a Booth image of the context's site; null otherwise. */
export function boothImageId(src: string, images: ImageContext): string | null {
  const prefix = `${images.origin}${imagePath(images.siteKey, '')}`;
  if (!src.startsWith(prefix)) return null;
  const id = src.slice(prefix.length);
  return IMAGE_ID.test(id) ? id : null;
}

const IMG_SRC = /<img\s[^>]*?src="([^"]*)"/g;

/** Ids of the Booth images that rendered HTML shows (its `<img>` are only ever those). */
export function imageIdsInHtml(html: string, images: ImageContext): string[] {
  const ids = new Set<string>();
  for (const match of html.matchAll(IMG_SRC)) {
    const id = boothImageId((match[1] ?? '').replace(/&amp;/g, '&'), images);
    if (id) ids.add(id);
  }
  return [...ids];
}
