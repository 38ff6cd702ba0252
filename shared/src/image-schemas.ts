/**
 * Images in posts: how a widget uploads one and what it gets back.
 *
 * 1. Over the socket, the signed-in member or guest asks for an upload ticket
 *    (`{ type: 'image.ticket', id }`). The ticket is signed for that member on that site and
 *    lasts `IMAGE_LIMITS.ticketSeconds`; it may carry several uploads. Readers get
 *    `auth_required`, banned members `banned`.
 * 2. The widget sends the file's bytes as the raw body of `POST {uploadUrl}` with the header
 *    `Authorization: Bearer {ticket}` (any `Content-Type`: the server reads the type from the
 *    bytes). Allowed origins of the site may call it from the brand page (CORS).
 * 3. The answer (201) is an `ImageUpload`: the image's id, its address, and its size after
 *    re-encoding. The composer inserts `![alt text](url)` into the post. A refusal is
 *    `{ error: { code, message } }`: `not_an_image`, `image_too_large`, `image_too_many_pixels`,
 *    `image_quota_exceeded`, `rate_limited`, `invalid_token`, `banned`, `origin_not_allowed`.
 *
 * Posts show only images uploaded to Booth for the same site (any other image address renders
 * as a link); see docs/images.md.
 */
import * as v from 'valibot';
import { RequestId } from './fields.js';

export const IMAGE_LIMITS = {
  /** Largest file accepted, in bytes. */
  maxBytes: 10 * 1024 * 1024,
  /**
   * Most pixels (width × height) an upload may declare. Checked from the header before any
   * decoding, so a small file claiming huge dimensions (an image bomb) costs nothing.
   */
  maxPixels: 50_000_000,
  /** Longest side of the stored image; larger images are scaled down to it. */
  maxEdge: 2048,
  /** How long an upload ticket stays valid. */
  ticketSeconds: 600,
  /** Longest alt text the composer should accept (it lives in the post's markdown). */
  altChars: 300,
} as const;

/** The file types the server accepts, as detected from their bytes. GIFs keep their first frame only. */
export const IMAGE_INPUT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const;

/** Path of the upload route (append `?site=KEY`; the ticket answer gives the whole address). */
export const IMAGE_UPLOAD_PATH = '/api/images';

/** An image's id: 22 random URL-safe characters, so addresses cannot be guessed. */
export const ImageId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/, 'must be an image id'));

/** Asks for an upload ticket for the member or guest this socket is signed in as. */
export const ImageTicketMessage = v.strictObject({
  type: v.literal('image.ticket'),
  id: RequestId,
});

export const IMAGE_MESSAGES = [ImageTicketMessage] as const;

/** The answer to `image.ticket`. */
export const ImageTicket = v.strictObject({
  /** Send as `Authorization: Bearer {ticket}`. */
  ticket: v.string(),
  /** Absolute address to POST the bytes to. */
  uploadUrl: v.string(),
  /** ISO time after which the ticket is refused; ask for a new one. */
  expiresAt: v.string(),
  /** Largest file the server takes, in bytes. */
  maxBytes: v.number(),
});
export type ImageTicket = v.InferOutput<typeof ImageTicket>;

/** The answer to an upload: where the image is and how big it came out. */
export const ImageUpload = v.strictObject({
  id: ImageId,
  /** Absolute address of the image, to use in markdown as `![alt](url)`. */
  url: v.pipe(v.string(), v.url()),
  width: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  height: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
});
export type ImageUpload = v.InferOutput<typeof ImageUpload>;

export interface ImageResultMap {
  'image.ticket': ImageTicket;
}

/** Path of an image on the Booth server, e.g. `/images/site_ab12/Xy…`. */
export function imagePath(siteKey: string, imageId: string): string {
  return `/images/${siteKey}/${imageId}`;
}
