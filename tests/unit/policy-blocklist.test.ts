import { describe, expect, it } from 'vitest';
import {
  compileBlocklist,
  defaultBlocklist,
  findBlockedDomain,
  findBlockedHostFragment,
  findBlockedPhrase,
} from '../../server/src/domain/policy/blocklist.js';
import { foldText } from '../../server/src/domain/policy/policy-text.js';

const blocked = (text: string) => findBlockedPhrase(defaultBlocklist(), foldText(text));

describe('the built-in blocklist', () => {
  it.each([
    ['English', 'Best place to BUY Instagram followers, cheap and fast'],
    ['English, dodged with digits', 'buy 1nstagram f0ll0wers now'],
    ['English, dodged with zero-width spaces', 'cheap fol\u200blowers here'],
    ['English, panel', 'Our SMM panel delivers in minutes'],
    ['Turkish', 'Takipçi satın almak için tıklayın'],
    ['Turkish, capitals', 'UCUZ TAKİPÇİ burada'],
    ['Spanish', 'Comprar seguidores reales en Instagram'],
    ['Portuguese', 'Como ganhar seguidores e comprar curtidas'],
    ['French', 'Acheter des abonnés Instagram pas cher'],
    ['German', 'Instagram Follower kaufen – sofort!'],
    ['Dutch', 'Goedkoop volgers kopen'],
    ['Italian', 'Comprare follower italiani'],
    ['Polish', 'Kup obserwujących na Instagramie'],
    ['Russian', 'Накрутка подписчиков в Инстаграм'],
    ['Ukrainian', 'Купити підписників дешево'],
    ['Arabic', 'شراء متابعين انستقرام'],
    ['Persian', 'خرید فالوور اینستاگرام'],
    ['Indonesian', 'Jual followers Instagram murah'],
    ['Vietnamese', 'Dịch vụ tăng follow Facebook'],
    ['Chinese', '专业买粉丝，快速涨粉'],
    ['Japanese', '格安フォロワー購入はこちら'],
    ['Korean', '인스타 팔로워 구매 최저가'],
  ])('catches follower selling in %s', (_language, text) => {
    expect(blocked(text)).not.toBeNull();
  });

  it.each([
    'Do the Trail Runner 2 fit true to size?',
    'My followers on Instagram loved the photos of these shoes.',
    'I would buy these again, the grip is great.',
    'Is shipping free for newsletter subscribers?',
    'Where can I buy replacement laces?',
    'Gibt es die Schuhe auch in Größe 47? Ich würde sie sofort kaufen.',
    'Je voudrais acheter des lacets de rechange.',
    'Quiero comprar estas zapatillas en azul.',
    'Подходят ли эти кроссовки для бега по снегу?',
    '这双鞋适合跑马拉松吗？',
  ])('lets an ordinary product question through: %s', (text) => {
    expect(blocked(text)).toBeNull();
  });

  it('holds links to hosts named like panels', () => {
    const list = defaultBlocklist();
    expect(findBlockedHostFragment(list, ['best-smmpanel.example'])).toBe('best-smmpanel.example');
    expect(findBlockedHostFragment(list, ['www.cheapfollowers.example'])).toBe('www.cheapfollowers.example');
    expect(findBlockedHostFragment(list, ['shop.acme.example', 'github.com'])).toBeNull();
  });
});

describe('a site blocklist', () => {
  const list = compileBlocklist(['casino', 'free spins*', 'win * prize', 'e-mail me'], ['spam.example', 'пример.рф']);

  it('matches whole words, not parts of words', () => {
    expect(findBlockedPhrase(list, foldText('Best CASINO bonus'))).toBe('casino');
    expect(findBlockedPhrase(list, foldText('casinos'))).toBeNull();
    expect(findBlockedPhrase(list, foldText('occasion'))).toBeNull();
  });

  it('matches a word by its start when it ends with *', () => {
    expect(findBlockedPhrase(list, foldText('get free spinsss today'))).toBe('free spins*');
  });

  it('lets * stand for any one word', () => {
    expect(findBlockedPhrase(list, foldText('win a prize'))).toBe('win * prize');
    expect(findBlockedPhrase(list, foldText('win prize'))).toBeNull();
  });

  it('matches phrases whose words fold apart', () => {
    expect(findBlockedPhrase(list, foldText('just E-MAIL me'))).toBe('e-mail me');
  });

  it('matches a domain and its subdomains, not look-alike names', () => {
    expect(findBlockedDomain(list, ['spam.example'])).toBe('spam.example');
    expect(findBlockedDomain(list, ['www.spam.example'])).toBe('www.spam.example');
    expect(findBlockedDomain(list, ['notspam.example'])).toBeNull();
    expect(findBlockedDomain(list, ['spam.example.org'])).toBeNull();
  });

  it('matches an international domain in its punycode form', () => {
    expect(findBlockedDomain(list, ['shop.xn--e1afmkfd.xn--p1ai'])).toBe('shop.xn--e1afmkfd.xn--p1ai');
  });
});
