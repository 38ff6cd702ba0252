/**
 * Numbered writes, found in event frames without parsing them: each write carries its number in
 * its thread title after this marker (`fan:<n>;`), and a frame may carry several events.
 */
const MARKER = Buffer.from('"title":"fan:');

/** The title of write number `n`. */
export const markedTitle = (n: number) => `fan:${n};`;

/** Calls `found` with the number of every write in a frame (a batch frame carries several). */
export function forEachWrite(frame: Buffer, found: (n: number) => void): void {
  let at = frame.indexOf(MARKER);
  while (at >= 0) {
    let n = 0;
    let i = at + MARKER.length;
    for (; i < frame.length; i++) {
      const c = frame[i] as number;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
    }
    found(n);
    at = frame.indexOf(MARKER, i);
  }
}
