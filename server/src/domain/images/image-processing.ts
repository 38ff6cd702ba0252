import { IMAGE_LIMITS } from '@booth/shared';
import sharp, { type Metadata } from 'sharp';
import type { ImageFallbackType } from '../../db/images.tables.js';
import { DomainError } from '../domain-error.js';

/** The formats Booth takes, as their first bytes say (the file name and Content-Type are not believed). */
type InputFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/** Reads the format from the file's signature; null when it is none of the accepted ones. */
export function sniffImageFormat(bytes: Uint8Array): InputFormat | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

/** An upload after re-encoding: WebP for browsers that take it, and a JPEG (or PNG, with transparency) for the rest. */
export interface ProcessedImage {
  width: number;
  height: number;
  webp: Buffer;
  fallback: Buffer;
  fallbackType: ImageFallbackType;
}

export interface ImageLimits {
  maxBytes: number;
  maxPixels: number;
  maxEdge: number;
}

const DEFAULT_LIMITS: ImageLimits = {
  maxBytes: IMAGE_LIMITS.maxBytes,
  maxPixels: IMAGE_LIMITS.maxPixels,
  maxEdge: IMAGE_LIMITS.maxEdge,
};

const isOverPixelLimit = (error: unknown) => /pixel limit/i.test(String(error));

const notAnImage = (detail: string) => new DomainError('not_an_image', undefined, detail);

/**
 * Checks an upload and writes the versions Booth stores. In order, each step cheap before the
 * next: the byte size; the signature; the dimensions the header declares (refused above the
 * pixel limit before a pixel is decoded, so an image bomb costs a header read); then one decode,
 * capped by sharp's own pixel limit as a second wall. The output is turned upright by its EXIF
 * orientation, scaled to fit `maxEdge`, and written without any metadata (EXIF, GPS, XMP, ICC
 * profiles go; colours are converted to sRGB). A GIF keeps its first frame only: posts show
 * pictures, not animations, and a still frame re-encodes small.
 */
export async function processImage(bytes: Buffer, limits: ImageLimits = DEFAULT_LIMITS): Promise<ProcessedImage> {
  if (bytes.length > limits.maxBytes) {
    throw new DomainError('image_too_large', undefined, `${bytes.length} bytes`);
  }
  const format = sniffImageFormat(bytes);
  if (format === null) throw notAnImage('unknown signature');
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 } as const;
  let declared: Metadata;
  try {
    declared = await sharp(bytes, options).metadata();
  } catch (error) {
    // sharp checks its pixel limit on the header alone, before decoding anything.
    throw isOverPixelLimit(error)
      ? new DomainError('image_too_many_pixels', undefined, String(error))
      : notAnImage(`unreadable header: ${String(error)}`);
  }
  if (declared.format !== format) throw notAnImage(`signature ${format}, decoder ${declared.format}`);
  const { width, height } = declared;
  if (!width || !height) throw notAnImage('no dimensions');
  if (width * height > limits.maxPixels) {
    throw new DomainError('image_too_many_pixels', undefined, `${width}x${height}`);
  }
  try {
    const upright = sharp(bytes, options)
      .autoOrient()
      .resize({ width: limits.maxEdge, height: limits.maxEdge, fit: 'inside', withoutEnlargement: true });
    // One decode: the resized pixels are kept raw and both versions are encoded from them.
    // In sRGB and 8 bits per channel whatever came in (CMYK, grey, 16-bit PNG), so the raw pixels
    // are always 3 channels, or 4 with transparency.
    const { data, info } = await upright
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
    const alpha = info.channels === 4;
    const [webp, fallback] = await Promise.all([
      sharp(data, raw).webp({ quality: 82 }).toBuffer(),
      alpha
        ? sharp(data, raw).png({ compressionLevel: 9, palette: false }).toBuffer()
        : sharp(data, raw).jpeg({ quality: 85, mozjpeg: true }).toBuffer(),
    ]);
    return {
      width: info.width,
      height: info.height,
      webp,
      fallback,
      fallbackType: alpha ? 'image/png' : 'image/jpeg',
    };
  } catch (error) {
    if (isOverPixelLimit(error)) throw new DomainError('image_too_many_pixels', undefined, String(error));
    throw notAnImage(`decode failed: ${String(error)}`);
  }
}
