import { ALLOW, type Phase } from '../verdict.js';

/** Staff and owners speak for the brand: no spam rule applies to them. */
export const staffExempt: Phase = (ctx) =>
  ctx.author.role === 'staff' || ctx.author.role === 'owner' ? ALLOW : undefined;
