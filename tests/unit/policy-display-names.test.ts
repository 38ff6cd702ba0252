import { describe, expect, it } from 'vitest';
import { nameSkeleton } from '../../server/src/domain/policy/name-skeleton.js';

describe('nameSkeleton', () => {
  it('folds look-alike Cyrillic and Greek letters to Latin', () => {
    expect(nameSkeleton('Ѕаm frоm Ѕuppоrt')).toBe(nameSkeleton('Sam from Support'));
    expect(nameSkeleton('Αdmіn')).toBe(nameSkeleton('admin'));
  });

  it('keeps the folding of case, accents, spacing and invisible characters', () => {
    expect(nameSkeleton('  SÄM\u200B from-support ')).toBe(nameSkeleton('sam from support'));
  });

  it('folds letters of other scripts from the Unicode confusables data', () => {
    expect(nameSkeleton('Sam from Acme\u3164')).toBe(nameSkeleton('Sam from Acme'));
    expect(nameSkeleton('\uA4EEdmin')).toBe(nameSkeleton('admin'));
    expect(nameSkeleton('supp\u0585rt')).toBe(nameSkeleton('support'));
    expect(nameSkeleton('\u1D00dmin')).toBe(nameSkeleton('Admin'));
    expect(nameSkeleton('ｓａｍ')).toBe(nameSkeleton('sam'));
  });

  it('tells different names apart', () => {
    expect(nameSkeleton('Sam from Sales')).not.toBe(nameSkeleton('Sam from Support'));
    expect(nameSkeleton('Олег')).not.toBe(nameSkeleton('Oleg'));
  });
});
