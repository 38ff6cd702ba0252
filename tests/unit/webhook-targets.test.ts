import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  assertWebhookUrl,
  guardedLookup,
  parseInternalTargets,
  RefusedTargetError,
  refusedRange,
} from '../../server/src/domain/webhooks/webhook-targets.js';

describe('webhook target ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.100.100.200', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.0.192', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'linkLocal'],
    ['::a9fe:a9fe', 'reserved'],
    ['64:ff9b::a9fe:a9fe', 'rfc6052'],
    ['2002:a9fe:a9fe::1', '6to4'],
  ])('refuses %s (%s)', (ip, range) => {
    expect(refusedRange(ip)).toBe(range);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2606:4700::1111', '::ffff:8.8.8.8'])('lets public %s through', (ip) => {
    expect(refusedRange(ip)).toBeNull();
  });

  it('lets through exactly the networks the operator allows', () => {
    const allowed = parseInternalTargets(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(refusedRange('10.200.0.1', allowed)).toBeNull();
    expect(refusedRange('127.0.0.1', allowed)).toBeNull();
    expect(refusedRange('::ffff:127.0.0.1', allowed)).toBeNull();
    expect(refusedRange('fd00:ec2::254', allowed)).toBeNull();
    expect(refusedRange('127.0.0.2', allowed)).toBe('loopback');
    expect(refusedRange('169.254.169.254', allowed)).toBe('linkLocal');
    expect(() => parseInternalTargets(['10.0.0.0/8', 'intranet'])).toThrow(/intranet/);
  });
});

describe('webhook URLs', () => {
  it.each([
    'http://127.0.0.1:5432/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::ffff:127.0.0.1]:6379/',
    'http://[::1]:8080/',
    'http://10.0.0.5/hook',
    'http://100.100.100.200/',
    'http://[fd00:ec2::254]/',
    'http://0.0.0.0:22/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://localhost:9200/',
    'http://api.localhost/',
  ])('refuses %s when added', (url) => {
    expect(() => assertWebhookUrl(url)).toThrow(/public address/);
  });

  it('accepts public names and addresses, and internal ones the operator allows', () => {
    expect(assertWebhookUrl('https://hooks.example.com/booth').hostname).toBe('hooks.example.com');
    expect(assertWebhookUrl('http://8.8.8.8/hook').hostname).toBe('8.8.8.8');
    expect(assertWebhookUrl('http://10.0.0.5/hook', ['10.0.0.0/8']).hostname).toBe('10.0.0.5');
    expect(() => assertWebhookUrl('https://user:pw@hooks.example.com/')).toThrow(/password/);
  });
});

describe('the lookup deliveries connect through', () => {
  const resolve = (host: string, all: boolean, allowed: readonly string[] = []) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[] }>((done) =>
      guardedLookup(parseInternalTargets(allowed))(host, { all }, (error, address) => done({ error, address })),
    );

  it('refuses a name that resolves to loopback, whichever form the caller asks for', async () => {
    for (const all of [true, false]) {
      const { error } = await resolve('localhost', all);
      expect(error).toBeInstanceOf(RefusedTargetError);
    }
  });

  it('resolves the same name when its network is allowed', async () => {
    const { error, address } = await resolve('localhost', false, ['127.0.0.0/8', '::1/128']);
    expect(error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(address);
  });
});
