import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { ImageFallbackType } from './images.tables.js';

export interface NewImage {
  id: string;
  siteId: string;
  uploaderId: string;
  width: number;
  height: number;
  fallbackType: ImageFallbackType;
  bytes: number;
  now: Date;
}

/** The row of a new image; an imported one may already belong to a post. */
function imageRow(image: NewImage & { postId?: string | null }) {
  return {
    id: image.id,
    site_id: image.siteId,
    uploader_id: image.uploaderId,
    post_id: image.postId ?? null,
    width: image.width,
    height: image.height,
    fallback_type: image.fallbackType,
    bytes: image.bytes,
    created_at: image.now,
  };
}

export async function insertImage(db: Executor, image: NewImage): Promise<void> {
  await db.insertInto('images').values(imageRow(image)).execute();
}

/** Bytes the site's images take (deleted ones no longer count). */
export async function siteImageBytes(db: Executor, siteId: string): Promise<number> {
  const row = await db
    .selectFrom('images')
    .select(sql<string>`coalesce(sum(bytes), 0)`.as('bytes'))
    .where('site_id', '=', siteId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/**
 * An image that may be shown now, by its site's public key: not deleted, and either not in a
 * post yet (the composer's preview), or in a post that is in sight. A post hidden, deleted or
 * marked spam, or a visible reply in a thread that is out of sight, takes its images with it;
 * a post waiting for review keeps them, so staff can judge it. Restoring the post restores them.
 */
export async function findServableImage(
  db: Executor,
  siteKey: string,
  imageId: string,
): Promise<{ id: string; site_id: string; fallback_type: ImageFallbackType } | null> {
  const row = await db
    .selectFrom('images as i')
    .innerJoin('sites as s', 's.id', 'i.site_id')
    .leftJoin('posts as p', 'p.id', 'i.post_id')
    .leftJoin('threads as t', 't.id', 'p.thread_id')
    .select(['i.id', 'i.site_id', 'i.fallback_type'])
    .where('i.id', '=', imageId)
    .where('s.public_key', '=', siteKey)
    .where('i.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('i.post_id', 'is', null),
        eb('p.status', '=', 'pending'),
        eb.and([eb('p.status', '=', 'visible'), eb('t.hidden', '=', false)]),
      ]),
    )
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Ties the author's own images, not yet in any post, to the post that shows them. Images of
 * others, or already in a post, are left as they are: they go on following their own post.
 */
export async function attachImages(
  db: Executor,
  attach: { siteId: string; authorId: string; postId: string; imageIds: readonly string[] },
): Promise<void> {
  if (attach.imageIds.length === 0) return;
  await db
    .updateTable('images')
    .set({ post_id: attach.postId })
    .where('site_id', '=', attach.siteId)
    .where('uploader_id', '=', attach.authorId)
    .where('post_id', 'is', null)
    .where('deleted_at', 'is', null)
    .where('id', 'in', [...attach.imageIds])
    .execute();
}

/** A site's images that are not deleted, by creation, for an export. */
export async function listImagesForExport(db: Executor, siteId: string) {
  return db
    .selectFrom('images')
    .select(['id', 'uploader_id', 'post_id', 'width', 'height', 'fallback_type', 'bytes', 'created_at'])
    .where('site_id', '=', siteId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Records imported images (their bytes are already in the store). */
export async function insertImportedImages(
  db: Executor,
  rows: Array<NewImage & { postId: string | null }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('images').values(rows.map(imageRow)).execute();
}
