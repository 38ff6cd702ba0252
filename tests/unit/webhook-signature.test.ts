import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from '../../server/src/domain/webhooks/signature.js';

const secret = 'whsec_test';
const body = '{"event":"question.created"}';

describe('webhook signatures', () => {
  it('signs timestamp and body with HMAC-SHA256', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    const mac = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${mac}`);
  });

  it('verifies a fresh signature and refuses changed bodies, wrong secrets and old timestamps', () => {
    const now = 1_700_000_000;
    const header = signWebhook(secret, body, now);
    expect(verifyWebhook(secret, header, body, now + 10)).toBe(true);
    expect(verifyWebhook(secret, header, `${body} `, now)).toBe(false);
    expect(verifyWebhook('other', header, body, now)).toBe(false);
    expect(verifyWebhook(secret, header, body, now + 301)).toBe(false);
    expect(verifyWebhook(secret, undefined, body, now)).toBe(false);
    expect(verifyWebhook(secret, 't=abc,v1=00', body, now)).toBe(false);
    expect(verifyWebhook(secret, `t=${now},v1=zz`, body, now)).toBe(false);
  });
});
