/**
 * Where image bytes live. Keys are `SITE_ID/IMAGE_ID.EXT` (checked by `assertImageKey`), written
 * once and never changed: an image is re-encoded into new bytes under a new id, never in place.
 */
export interface ImageStore {
  /** Stores the bytes under `key`, replacing any there. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes `key`; removing a key that is not there is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[1-9][0-9]{0,17}\/[A-Za-z0-9_-]{22}\.(webp|jpg|png)$/;

/** Refuses any key that is not one Booth makes, so no key can name a path outside the store. */
export function assertImageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not an image key: ${JSON.stringify(key)}`);
}
