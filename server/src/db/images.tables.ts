/** Table type of uploaded images (see migrations/20261204_1000_images.ts). */
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type ImageFallbackType = 'image/jpeg' | 'image/png';

/** Table `images`: one uploaded picture, stored as WebP plus a JPEG or PNG fallback. */
export interface ImagesTable {
  /** 22 random URL-safe characters. */
  id: string;
  site_id: string;
  uploader_id: string;
  /** The post that shows the image, set when the post is written; null until then. */
  post_id: ColumnType<string | null, string | null | undefined, string | null>;
  width: number;
  height: number;
  fallback_type: ImageFallbackType;
  /** Bytes of both stored versions together, counted against the site's quota. */
  bytes: number;
  created_at: Timestamp;
  deleted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
