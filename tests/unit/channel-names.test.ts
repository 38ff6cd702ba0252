import { describe, expect, it } from 'vitest';
import { channelName } from '../../server/src/fanout/channel-names.js';

describe('fan-out channel names', () => {
  it('name the schema when it fits', () => {
    expect(channelName('events', 'public')).toBe('booth_events_public');
    expect(channelName('signals', 'shop_1')).toBe('booth_signals_shop_1');
  });

  it('stay within Postgres identifiers and apart for long schema names that share a beginning', () => {
    const long = 'tenant_with_a_very_long_schema_name_for_the_booth_cluster';
    const a = channelName('signals', `${long}_a`);
    const b = channelName('signals', `${long}_b`);
    for (const name of [a, b, channelName('events', `${long}_a`)])
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(a).not.toBe(b);
    expect(channelName('events', `${long}_a`)).not.toBe(a);
  });
});
