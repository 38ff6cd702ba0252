/**
 * What a reader can see of a piece of text. Several code points draw nothing at all yet count as
 * letters or characters: the Hangul fillers U+3164, U+1160, U+115F and U+FFA0 are letters by
 * category, zero-width spaces and joiners, bidirectional controls and tag characters are format
 * characters, and the blank braille pattern U+2800 is a symbol. A title or name made of them looks
 * empty, and one that ends with them looks exactly like a name without them.
 */

/**
 * Code points that draw nothing: Unicode's default-ignorable code points (which include the Hangul
 * fillers, zero-width characters, bidi controls, variation selectors and tags), every other format
 * character, and the blank braille pattern.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/u;
const INVISIBLE_ALL = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/gu;

/** Invisible code points, spaces of every kind, and combining marks, which draw only on a base. */
const BLANK = /[\p{Default_Ignorable_Code_Point}\p{Cf}\u2800\p{White_Space}\p{M}]/gu;

/**
 * Joiners and variation selectors that a name may keep, because they shape what stands around
 * them: U+200C and U+200D between two visible characters (Persian and Indic names need the
 * non-joiner; emoji sequences use the joiner), and a variation selector right after a visible
 * character (the emoji form of ❤︎).
 */
const SHAPING =
  /(?<=[^\s\p{Default_Ignorable_Code_Point}\p{Cf}])(?:[\u200C\u200D](?=[\p{L}\p{M}\p{N}\p{So}])|[\uFE00-\uFE0F])/gu;

/** True when something remains to be seen once invisible characters, spaces and lone marks are gone. */
export function hasVisibleText(text: string): boolean {
  return text.replace(BLANK, '').length > 0;
}

/** True when the text holds a code point that draws nothing, other than a joiner or selector in place. */
export function hasInvisibleChars(text: string): boolean {
  return INVISIBLE.test(text.replace(SHAPING, ''));
}

/** The text without its invisible code points, for comparing what two names look like. */
export function withoutInvisibleChars(text: string): string {
  return text.replace(INVISIBLE_ALL, '');
}
