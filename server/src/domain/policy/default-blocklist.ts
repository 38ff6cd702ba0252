/**
 * Booth's built-in blocklist: the language of follower-, like- and view-selling panels ("SMM
 * panels"), the classic link spam on brand communities, in the languages it arrives in.
 * A match holds the post for review; it is never dropped, so a false positive costs a moderator
 * one click. Phrases are matched as whole words after folding (case, accents, look-alike digits
 * and punctuation do not matter); `*` alone stands for any one word, and a word ending in `*`
 * matches any word it begins.
 */
export const DEFAULT_BLOCKED_PHRASES: readonly string[] = [
  // English
  'buy followers',
  'buy * followers',
  'buy likes',
  'buy * likes',
  'buy * subscribers',
  'buy * views',
  'cheap followers',
  'cheap * followers',
  'free followers',
  'instant followers',
  'real active followers',
  'get followers fast',
  'gain followers fast',
  'followers and likes',
  'followers likes views',
  'smm panel*',
  'smm service*',
  'smm reseller*',
  'cheapest smm',
  'follower panel*',
  'followers panel*',
  'likes panel*',
  // Pharmacy and casino spam, which also turns up in display names ("viagra-test-123")
  'viagra',
  'cialis',
  'levitra',
  'kamagra',
  'online casino',
  'casino bonus',
  // Turkish
  'takipçi satın al*',
  'takipçi hilesi',
  'ucuz takipçi',
  'gerçek takipçi',
  'türk takipçi',
  'instagram takipçi',
  'tiktok takipçi',
  'beğeni satın al*',
  'beğeni hilesi',
  'izlenme satın al*',
  'smm paneli',
  // Spanish and Portuguese
  'comprar seguidores',
  'seguidores baratos',
  'seguidores gratis',
  'seguidores reales',
  'seguidores brasileiros',
  'ganhar seguidores',
  'comprar likes',
  'comprar me gusta',
  'comprar curtidas',
  'curtidas instagram',
  'panel smm',
  // French
  'acheter des followers',
  'acheter followers',
  'acheter des abonnés',
  'acheter des likes',
  // German and Dutch
  'follower kaufen',
  'followers kaufen',
  'likes kaufen',
  'abonnenten kaufen',
  'aufrufe kaufen',
  'volgers kopen',
  'likes kopen',
  // Italian
  'comprare follower*',
  'acquistare follower*',
  'acquista follower*',
  'comprare like',
  'follower gratis',
  // Polish
  'kup obserwujących',
  'kupić obserwujących',
  // Russian and Ukrainian
  'накрутк*',
  'купить подписчиков',
  'купить лайки',
  'смм панель',
  'купити підписників',
  // Arabic and Persian
  'شراء متابعين',
  'زيادة متابعين',
  'شراء لايكات',
  'خرید فالوور',
  'افزایش فالوور',
  'خرید لایک',
  // Hindi
  'फॉलोअर्स खरीदें',
  'followers kaise badhaye',
  // Indonesian and Malay
  'jual followers',
  'beli followers',
  'jasa followers',
  'followers murah',
  'tambah followers',
  // Vietnamese
  'mua follow',
  'tăng follow',
  'mua like',
  // Chinese, Japanese, Korean, Thai
  '买粉丝',
  '刷粉',
  '刷赞',
  '涨粉',
  'フォロワー購入',
  'フォロワーを買う',
  '팔로워 구매',
  '좋아요 구매',
  'ซื้อฟอลโลเวอร์',
  'ปั๊มไลค์',
];

/**
 * Pieces of host names that panels use and ordinary shops do not. A linked host containing one
 * holds the post, e.g. `best-smmpanel.example` or `cheapfollowers.example`.
 */
export const DEFAULT_BLOCKED_HOST_FRAGMENTS: readonly string[] = [
  'smmpanel',
  'smm-panel',
  'panelsmm',
  'smmprovider',
  'smm-provider',
  'smmreseller',
  'followers',
  'buylikes',
  'getlikes',
  'freelikes',
  'buyviews',
  'takipci',
  'seguidores',
  'nakrutka',
];
