import { IMAGE_LIMITS, IMAGE_UPLOAD_PATH } from '@booth/shared';
import { assertCanWrite } from '../../domain/authorization.js';
import { signImageTicket } from '../../domain/images/image-tickets.js';
import type { HandlerTable } from './handler.js';

/** Images in posts: the ticket that lets this socket's member upload over HTTP (see shared/src/image-schemas.ts). */
export const imageHandlers: HandlerTable<'image.ticket'> = {
  'image.ticket': async (s) => {
    const { site, member } = s.actor();
    const now = s.services.now();
    assertCanWrite(member, site, now);
    const { ticket, expiresAt } = signImageTicket(s.services.guestSecret, site.id, member.id, now);
    return {
      ticket,
      uploadUrl: `${s.services.publicUrl}${IMAGE_UPLOAD_PATH}?site=${encodeURIComponent(site.public_key)}`,
      expiresAt: expiresAt.toISOString(),
      maxBytes: IMAGE_LIMITS.maxBytes,
    };
  },
};
