import { type BoardCreationSettings, mayCreateBoard } from '@booth/shared';
import { describe, expect, it } from 'vitest';

const rule = (r: Partial<BoardCreationSettings>): BoardCreationSettings => ({
  creation: 'first_view',
  list: [],
  pattern: '',
  ...r,
});

describe('mayCreateBoard', () => {
  it.each([
    ['product-*', 'product-42', true],
    ['product-*', 'product-', true],
    ['product-*', 'product', false],
    ['product-*', 'my-product-1', false],
    ['*-faq', 'shoes-faq', true],
    ['*-faq', 'shoes-faq-2', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'acb', false],
    ['ab*ba', 'aba', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['*', 'anything', true],
  ])('pattern %s on %s is %s', (pattern, slug, expected) => {
    expect(mayCreateBoard(rule({ creation: 'pattern', pattern }), slug, false)).toBe(expected);
  });

  it('follows the list, refuses customers in staff mode, and always lets staff create', () => {
    const list = rule({ creation: 'list', list: ['faq'] });
    expect(mayCreateBoard(list, 'faq', false)).toBe(true);
    expect(mayCreateBoard(list, 'other', false)).toBe(false);
    expect(mayCreateBoard(list, 'other', true)).toBe(true);
    expect(mayCreateBoard(rule({ creation: 'staff' }), 'new', false)).toBe(false);
    expect(mayCreateBoard(rule({ creation: 'staff' }), 'new', true)).toBe(true);
    expect(mayCreateBoard(rule({}), 'new', false)).toBe(true);
  });

  it('takes time linear in the name for a pattern of many stars', () => {
    const pattern = `${'a*'.repeat(30)}b`;
    expect(mayCreateBoard(rule({ creation: 'pattern', pattern }), 'a'.repeat(64), false)).toBe(false);
  });
});
