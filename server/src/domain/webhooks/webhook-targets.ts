/**
 * Where webhooks may be delivered. A site owner chooses the URL, but the request leaves from
 * Booth's own network: without a check, a webhook at `http://127.0.0.1:5432/` or
 * `http://169.254.169.254/` reaches services that only trust their neighbours, and the
 * delivery log tells the owner which ports answer. So only public unicast addresses are
 * reached, checked on the address the connection really goes to (after DNS, at connect time,
 * so a name that resolves to a private address, or starts to later, is refused too).
 * Operators who deliver to their own internal services list those networks explicitly.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';
import { DomainError } from '../domain-error.js';

/** Parsed networks an operator allows besides the public internet. */
export type InternalTargets = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/** Not covered by ipaddr.js's ranges, yet not public: IPv4-compatible IPv6 (`::a9fe:a9fe`) and "this network". */
const ALSO_REFUSED = ['::/96', '0.0.0.0/8'].map((cidr) => ipaddr.parseCIDR(cidr));

/**
 * Splits a comma-separated list of addresses and CIDR ranges (env `WEBHOOK_INTERNAL_TARGETS`,
 * e.g. `127.0.0.1/32, 10.0.0.0/8, fd00::/8`) into normalized ranges; throws a message naming
 * a bad entry. A bare address stands for itself.
 *
 * @example
 * internalTargetList('10.0.0.0/8, ::1'); // ['10.0.0.0/8', '::1/128']
 */
export function internalTargetList(value: string): string[] {
  return parseInternalTargets(value.split(',')).map(([network, bits]) => `${network.toString()}/${bits}`);
}

/** Parses addresses and CIDR ranges; throws a message naming the bad entry. */
export function parseInternalTargets(entries: readonly string[]): InternalTargets {
  return entries
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      try {
        if (entry.includes('/')) return ipaddr.parseCIDR(entry);
        const address = ipaddr.parse(entry);
        return [address, address.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
      } catch {
        throw new Error(`"${entry}" is not an address or CIDR range`);
      }
    });
}

function inRange(address: ipaddr.IPv4 | ipaddr.IPv6, [network, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  return address.kind() === network.kind() && address.match(network, bits);
}

/**
 * Why `ip` may not receive webhooks (its range: `loopback`, `private`, `linkLocal`,
 * `carrierGradeNat`, `multicast`, `uniqueLocal`…), or null when it may. IPv4-mapped IPv6
 * addresses are judged as the IPv4 address they carry.
 */
export function refusedRange(ip: string, allowed: InternalTargets = []): string | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(ip.replace(/^\[|\]$/g, ''));
  } catch {
    return 'invalid';
  }
  if (allowed.some((range) => inRange(address, range))) return null;
  const range = address.range();
  if (range !== 'unicast') return range;
  return ALSO_REFUSED.some((cidr) => inRange(address, cidr)) ? 'reserved' : null;
}

/** Raised when a connection would reach an address webhooks may not; the log shows no more than that. */
export class RefusedTargetError extends Error {
  override name = 'RefusedTargetError';
  readonly code = 'ERR_WEBHOOK_TARGET_REFUSED';
  constructor(
    readonly host: string,
    readonly range: string,
  ) {
    super(`webhook target ${host} is in a ${range} range`);
  }
}

const LOCAL_NAMES = /(^|\.)(localhost|localhost\.localdomain)\.?$/i;

/**
 * Checks a webhook URL when it is added: http or https, and not a literal internal address or
 * `localhost`. Names are checked again on every delivery, on the address they resolve to.
 */
export function assertWebhookUrl(url: string, allowed: readonly string[] = []): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('invalid_message', { key: 'refusal.urlHttp' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DomainError('invalid_message', { key: 'refusal.urlHttp' });
  }
  if (parsed.username || parsed.password) {
    throw new DomainError('invalid_message', { key: 'refusal.urlNoCredentials' });
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host) !== 0 ? host : LOCAL_NAMES.test(host) ? '127.0.0.1' : null;
  if (literal !== null && refusedRange(literal, parseInternalTargets(allowed)) !== null) {
    throw new DomainError('invalid_message', { key: 'refusal.urlPublic' });
  }
  return parsed;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `dns.lookup` that fails when any address of the name is refused, so no fallback lands inside. */
export function guardedLookup(allowed: InternalTargets) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const range = refusedRange(address, allowed);
        if (range !== null) return callback(new RefusedTargetError(hostname, range), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * An HTTP agent for webhook deliveries that connects only to allowed addresses: literal hosts
 * are checked before connecting, names on what DNS returns, at the moment of connecting.
 */
export function webhookAgent(internalTargets: readonly string[], connectTimeoutMs = 10_000): Agent {
  const allowed = parseInternalTargets(internalTargets);
  const connector = buildConnector({ lookup: guardedLookup(allowed), timeout: connectTimeoutMs });
  return new Agent({
    connect: (options, callback) => {
      const host = options.hostname.replace(/^\[|\]$/g, '');
      if (isIP(host) !== 0) {
        const range = refusedRange(host, allowed);
        if (range !== null) {
          callback(new RefusedTargetError(host, range), null);
          return;
        }
      }
      connector(options, callback);
    },
  });
}
