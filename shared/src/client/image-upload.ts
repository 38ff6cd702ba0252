import * as v from 'valibot';
import { ERROR_CODE_LIST, type ErrorBody } from '../error-codes.js';
import { type ImageTicket, ImageUpload } from '../image-schemas.js';
import { RequestError } from './request-error.js';

const ErrorReply = v.object({
  error: v.object({
    code: v.picklist(ERROR_CODE_LIST),
    message: v.string(),
    retryAfterMs: v.optional(v.number()),
  }),
});

/**
 * Reads an upload's answer: the `ImageUpload` of a 201, or the server's error as a RequestError.
 * A body that fits neither (a proxy's page, a cut connection) is `internal`.
 */
export function readImageUploadReply(status: number, text: string): ImageUpload {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RequestError({ code: status === 413 ? 'image_too_large' : 'internal', message: '' });
  }
  if (status === 201) {
    const upload = v.safeParse(ImageUpload, data);
    if (upload.success) return upload.output;
  }
  const error = v.safeParse(ErrorReply, data);
  const body: ErrorBody = error.success ? error.output.error : { code: 'internal', message: '' };
  throw new RequestError(body);
}

export interface ImageUploadOptions {
  /** Told of the bytes sent so far and the total, for a progress bar. */
  onProgress?: (sent: number, total: number) => void;
  /** Aborting it stops the upload; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Uploads one file with a ticket from `image.ticket`, reporting progress (XMLHttpRequest, which
 * unlike fetch reports upload progress in every browser). Resolves to the stored image; rejects
 * with a RequestError carrying the server's code (`not_an_image`, `image_too_large`, …); a refusal
 * made here, before or without the server's reply, has no words of its own (the surface words its code).
 */
export function uploadImage(ticket: ImageTicket, file: Blob, options: ImageUploadOptions = {}): Promise<ImageUpload> {
  return new Promise((resolve, reject) => {
    if (file.size > ticket.maxBytes) {
      reject(new RequestError({ code: 'image_too_large', message: '' }));
      return;
    }
    const request = new XMLHttpRequest();
    request.open('POST', ticket.uploadUrl);
    request.setRequestHeader('authorization', `Bearer ${ticket.ticket}`);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.total || file.size);
    request.onload = () => {
      try {
        resolve(readImageUploadReply(request.status, request.responseText));
      } catch (error) {
        reject(error);
      }
    };
    request.onerror = () => reject(new RequestError({ code: 'unavailable', message: '' }));
    const abort = () => request.abort();
    request.onabort = () => reject(new DOMException('The upload was stopped.', 'AbortError'));
    options.signal?.addEventListener('abort', abort, { once: true });
    request.send(file);
  });
}
