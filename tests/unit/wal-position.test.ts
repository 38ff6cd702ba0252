import { describe, expect, it } from 'vitest';
import { parseWalPosition } from '../../server/src/db/wal-position.queries.js';

describe('parseWalPosition', () => {
  it('reads both hex halves, so positions across a 4 GiB boundary still compare', () => {
    expect(parseWalPosition('0/3016038')).toBe(0x3016038n);
    expect(parseWalPosition('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect((parseWalPosition('1/0') as bigint) > (parseWalPosition('0/FFFFFFFF') as bigint)).toBe(true);
  });

  it('keeps null (a server that replays nothing) and refuses anything else', () => {
    expect(parseWalPosition(null)).toBeNull();
    expect(() => parseWalPosition('16-B374D848')).toThrow(/Not a WAL position/);
  });
});
