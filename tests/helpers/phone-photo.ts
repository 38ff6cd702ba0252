import sharp from 'sharp';

export interface PhonePhotoOptions {
  width?: number;
  height?: number;
  /** Fill with noise, so the file weighs what a real photo does (hundreds of KB), not a few KB. */
  noisy?: boolean;
}

/** A real JPEG as a phone writes it: EXIF with the camera and the GPS position of the picture. */
export async function phoneJpeg({
  width = 3000,
  height = 1200,
  noisy = false,
}: PhonePhotoOptions = {}): Promise<Buffer> {
  const noise = noisy ? { noise: { type: 'gaussian' as const, mean: 128, sigma: 40 } } : {};
  return sharp({ create: { width, height, channels: 3, background: '#3a6ea5', ...noise } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Phone 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 31/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '13/1 24/1 0/1',
      },
    })
    .toBuffer();
}
