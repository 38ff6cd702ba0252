import type { BoothConfig } from '../config.js';
import type { ImageStore } from './image-store.js';
import { LocalImageStore } from './local-image-store.js';
import { S3ImageStore } from './s3-image-store.js';

/** The image store the configuration names: the server and the `booth` command use the same one. */
export function configuredImageStore(config: Pick<BoothConfig, 'imageDir' | 'imageS3'>): ImageStore {
  return config.imageS3 ? new S3ImageStore(config.imageS3) : new LocalImageStore(config.imageDir);
}
