import { describe, expect, it } from 'vitest';
import { signMailToken } from '../../server/src/domain/mail/mail-tokens.js';
import { loggableUrl } from '../../server/src/log-requests.js';

const token = signMailToken('secret', { purpose: 'magic', memberId: '42', subjectId: '7', now: new Date(0) });

describe('request URLs in logs', () => {
  it('hide every mail token in a path, upper- or lower-case, with or without a tail', () => {
    expect(loggableUrl(`/mail/sign-in/${token}`)).toBe('/mail/sign-in/[token]');
    expect(loggableUrl(`/mail/account/${token.toUpperCase()}/data`)).toBe('/mail/account/[token]/data');
    expect(loggableUrl(`/mail/open/${token}?utm=x`)).toBe('/mail/open/[token]?utm=x');
  });

  it('leave other paths as they are', () => {
    expect(loggableUrl('/t/site_abc/42/do-the-boots-fit')).toBe('/t/site_abc/42/do-the-boots-fit');
    expect(loggableUrl(`/mail/sign-in/${token}x`)).toBe(`/mail/sign-in/${token}x`);
  });
});
