import { createHash } from 'node:crypto';

/** Postgres keeps the first 63 bytes of an identifier, channel names included, and drops the rest. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * The NOTIFY channel of one kind of message for one schema. Nodes on the same schema share it;
 * a schema whose name would make it too long is named by a digest instead, so two long schema
 * names that share a beginning never share a channel.
 */
export function channelName(kind: 'events' | 'signals', schema: string): string {
  const plain = `booth_${kind}_${schema}`;
  if (Buffer.byteLength(plain) <= MAX_IDENTIFIER_BYTES) return plain;
  return `booth_${kind}_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}
