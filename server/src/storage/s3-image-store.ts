import { AwsClient } from 'aws4fetch';
import { assertImageKey, type ImageStore } from './image-store.js';

/** Where the images are in S3-compatible storage, and the key that may write there. */
export interface S3Settings {
  /**
   * The bucket as a path-style address, optionally with a folder in it:
   * `https://s3.eu-central-1.amazonaws.com/my-bucket`, `https://ACCOUNT.r2.cloudflarestorage.com/booth/images`,
   * `http://minio.internal:9000/booth`.
   */
  bucketUrl: string;
  /** The region the requests are signed for (`auto` for Cloudflare R2). */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Images in S3-compatible object storage (AWS S3, Cloudflare R2, MinIO, Ceph…), through its
 * plain HTTP API signed with AWS Signature Version 4. Booth still serves the images itself (the
 * bucket stays private), so a post's hidden images stop being served whatever the bucket says.
 */
export class S3ImageStore implements ImageStore {
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(settings: S3Settings) {
    this.client = new AwsClient({
      accessKeyId: settings.accessKeyId,
      secretAccessKey: settings.secretAccessKey,
      region: settings.region,
      service: 's3',
    });
    this.base = settings.bucketUrl.replace(/\/+$/, '');
  }

  private url(key: string): string {
    assertImageKey(key);
    return `${this.base}/${key}`;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const response = await this.client.fetch(this.url(key), {
      method: 'PUT',
      body: new Uint8Array(bytes),
      headers: { 'content-type': contentType, 'content-length': String(bytes.length) },
    });
    await this.expectOk(response, 'put', key);
  }

  async get(key: string): Promise<Buffer | null> {
    const response = await this.client.fetch(this.url(key), { method: 'GET' });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    await this.expectOk(response, 'get', key, false);
    return Buffer.from(await response.arrayBuffer());
  }

  async delete(key: string): Promise<void> {
    const response = await this.client.fetch(this.url(key), { method: 'DELETE' });
    // S3 answers 204 whether or not the key was there; some compatible stores answer 404.
    if (response.status === 404) {
      await response.body?.cancel();
      return;
    }
    await this.expectOk(response, 'delete', key);
  }

  /** Throws with the storage's own error code (never the signed URL or the credentials). */
  private async expectOk(response: Response, action: string, key: string, drain = true): Promise<void> {
    if (response.ok) {
      if (drain) await response.body?.cancel();
      return;
    }
    const text = await response.text();
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? 'no error code';
    throw new Error(`image store: ${action} ${key} failed with HTTP ${response.status} (${code})`);
  }
}
