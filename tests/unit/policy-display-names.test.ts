import { describe, expect, it } from 'vitest';
import { nameSkeleton } from '../../server/src/domain/policy/display-names.js';

describe('nameSkeleton', () => {
  it('folds look-alike Cyrillic and Greek letters to Latin', () => {
    expect(nameSkeleton('Ѕаm frоm Ѕuppоrt')).toBe(nameSkeleton('Sam from Support'));
    expect(nameSkeleton('Αdmіn')).toBe('admin');
  });

  it('keeps the folding of case, accents, spacing and invisible characters', () => {
    expect(nameSkeleton('  SÄM\u200B from-support ')).toBe('samfromsupport');
  });

  it('tells different names apart', () => {
    expect(nameSkeleton('Sam from Sales')).not.toBe(nameSkeleton('Sam from Support'));
    expect(nameSkeleton('Олег')).not.toBe(nameSkeleton('Oleg'));
  });
});
