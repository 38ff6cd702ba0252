import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertImageKey, type ImageStore } from './image-store.js';

/**
 * Images as files in a folder (by default `images/` in the data folder). A file is written
 * under a temporary name and renamed into place, so a reader never sees half of one.
 */
export class LocalImageStore implements ImageStore {
  constructor(private readonly folder: string) {}

  private path(key: string): string {
    assertImageKey(key);
    return join(this.folder, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
