import type { BoothConfig } from '../config.js';
import type { ImageStore } from './image-store.js';
import { LocalImageStore } from './local-image-store.js';

/** The image store the configuration names: the server and the `booth` command use the same one. */
export function configuredImageStore(config: Pick<BoothConfig, 'imageDir'>): ImageStore {
  return new LocalImageStore(config.imageDir);
}
