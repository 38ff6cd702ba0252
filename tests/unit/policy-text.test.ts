import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../server/src/domain/markdown.js';
import { contentHash, foldText, hostOf, linkFacts } from '../../server/src/domain/policy/policy-text.js';

describe('foldText', () => {
  it('erases case, accents, punctuation and spacing', () => {
    expect(foldText('  Buy   FÔLLOWERS!!! ')).toBe('buy followers');
    expect(foldText('B.U.Y')).toBe('b u y');
    expect(foldText('Takipçi SATIN al')).toBe('takipci satin al');
  });

  it('erases invisible format characters used to split words', () => {
    expect(foldText('fol\u200blow\u200ders')).toBe('followers');
    expect(foldText('buy\u2060followers')).toBe('buyfollowers');
  });

  it('reads look-alike digits and signs as the letters they stand for', () => {
    expect(foldText('f0ll0w3rs')).toBe('followers');
    expect(foldText('$ale @ 50%')).toBe('sale a so');
  });

  it('keeps letters of every script', () => {
    expect(foldText('Накрутка подписчиков')).toBe('накрутка подписчиков'.normalize('NFKD').replace(/\p{M}/gu, ''));
    expect(foldText('买粉丝!')).toBe('买粉丝');
  });
});

describe('contentHash', () => {
  it('is the same for texts that differ only in case, spacing or punctuation', () => {
    expect(contentHash('Great shoes, would buy again!')).toBe(contentHash('great shoes would   buy again'));
  });

  it('differs for different words', () => {
    expect(contentHash('Great shoes')).not.toBe(contentHash('Great socks'));
  });

  it('still tells apart texts made only of punctuation', () => {
    expect(contentHash('???')).not.toBe(contentHash('!!!'));
  });
});

describe('hostOf', () => {
  it('reads the host of a URL in lower case and punycode', () => {
    expect(hostOf('https://Shop.Example.COM/path')).toBe('shop.example.com');
    expect(hostOf('https://пример.рф/')).toBe('xn--e1afmkfd.xn--p1ai');
  });

  it('has no host for mailto links or garbage', () => {
    expect(hostOf('mailto:someone@example.com')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
  });
});

describe('linkFacts', () => {
  const facts = (source: string) => linkFacts(source, renderMarkdown(source));

  it('counts the links of the rendered post', () => {
    expect(facts('no links here').count).toBe(0);
    expect(facts('[one](https://a.example) and https://b.example.com').count).toBe(2);
  });

  it('lists the linked hosts', () => {
    expect(facts('[x](https://Cheap-Followers.example/buy)').linkedHosts).toEqual(['cheap-followers.example']);
  });

  it('also lists host names written out but not linked', () => {
    const { count, hosts, linkedHosts } = facts('visit `spam-panel.shop` today');
    expect(count).toBe(0);
    expect(linkedHosts).toEqual([]);
    expect(hosts).toContain('spam-panel.shop');
  });

  it('does not count links the sanitizer removed', () => {
    expect(facts('[x](javascript:alert(1))').count).toBe(0);
  });
});
