import { withoutInvisibleChars } from '@booth/shared';
import unhomoglyph from 'unhomoglyph';

/**
 * Small capitals fold to their letter. Unicode's confusables data compares case-sensitively, so
 * it maps only the small capitals drawn like lowercase letters (ᴄ, ᴏ, ꜱ…) and leaves out those drawn
 * like capitals (ᴀ, ʙ, ᴅ, ʀ…); names are compared without case, where "ᴀdmin" reads as "Admin".
 * These are the letters Unicode names LATIN LETTER SMALL CAPITAL A to Z.
 */
const SMALL_CAPITALS: Record<string, string> = {
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ꞯ: 'q',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
};
const SMALL_CAPITAL = new RegExp(`[${Object.keys(SMALL_CAPITALS).join('')}]`, 'gu');

/** Compatibility forms (full width, ligatures, styled letters) as plain letters, without accents. */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The UTS #39 skeleton of a name, compared without case, accents, spacing, punctuation and
 * invisible characters: two names with the same skeleton are drawn alike. Look-alike letters come
 * from Unicode's confusables data (`unhomoglyph` ships confusables.txt as a table), so
 * "ꓮdmin" (Lisu), "suppօrt" (Armenian) and "Ѕаm" (Cyrillic) fold to Latin. The result is a
 * comparison key, not text to show: "m" becomes "rn".
 */
export function nameSkeleton(name: string): string {
  const once = fold(
    unhomoglyph(fold(withoutInvisibleChars(name)).replace(SMALL_CAPITAL, (c) => SMALL_CAPITALS[c] ?? c)),
  );
  // A second pass: a letter the first pass turned to a capital may fold once more in lowercase.
  return fold(unhomoglyph(once)).replace(/[^\p{L}\p{N}]+/gu, '');
}
