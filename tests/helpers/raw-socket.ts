import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { TEST_ORIGIN } from './test-app.js';

/**
 * A WebSocket opened by hand over TCP, for clients no library would be: one that never answers
 * pings, or stops halfway through a frame. `ended` settles when the server drops the connection.
 */
export interface RawSocket {
  socket: net.Socket;
  /** Bytes the server sent after the upgrade (frames, unparsed). */
  received(): Buffer;
  ended: Promise<void>;
}

/** Upgrades `url` (ws://host:port/path?query) by hand and returns the open TCP socket. */
export async function openRawSocket(url: string, origin: string = TEST_ORIGIN): Promise<RawSocket> {
  const target = new URL(url);
  const socket = net.connect(Number(target.port), target.hostname);
  const chunks: Buffer[] = [];
  let upgraded = false;
  let head = Buffer.alloc(0);
  const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(
        [
          `GET ${target.pathname}${target.search} HTTP/1.1`,
          `Host: ${target.host}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${origin}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    // Reads everything, so the server is never held up by a full TCP window: this client stops
    // speaking the protocol (no pongs), not reading the wire.
    socket.on('data', (data) => {
      if (upgraded) {
        chunks.push(data);
        return;
      }
      head = Buffer.concat([head, data]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!status.includes(' 101 ')) {
        reject(new Error(`upgrade refused: ${status}`));
        return;
      }
      upgraded = true;
      chunks.push(head.subarray(end + 4));
      resolve();
    });
  });
  return { socket, received: () => Buffer.concat(chunks), ended };
}

/** The first bytes of a masked client text frame announcing `payloadLength` bytes (under 126). */
export function frameStart(payloadLength: number, payloadSent: string): Buffer {
  if (payloadLength >= 126) throw new Error('short frames only');
  const mask = randomBytes(4);
  const payload = Buffer.from(payloadSent);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payloadLength]), mask, masked]);
}
