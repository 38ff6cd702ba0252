import type * as v from 'valibot';
import type { WsQuery } from '../staff-schemas.js';

/** What a socket says when it opens: its site, whether it is the moderation view's, its language. */
export type SocketQuery = v.InferInput<typeof WsQuery>;

/**
 * The WebSocket address of the Booth server at `server` (an http or https base URL) with the
 * query the server validates as `WsQuery`; null while the server or site is not known.
 *
 * @example socketUrl('https://booth.example', { site: 'demo', lang: 'de' }) // 'wss://booth.example/ws?site=demo&lang=de'
 */
export function socketUrl(server: string, query: SocketQuery): string | null {
  if (!server || !query.site) return null;
  try {
    const url = new URL('/ws', server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const pairs = Object.entries(query).filter((pair): pair is [string, string] => typeof pair[1] === 'string');
    url.search = `?${pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
    return url.toString();
  } catch {
    return null;
  }
}
