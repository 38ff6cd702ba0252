import type { CatalogOf } from '@booth/shared';
import type en from './en.js';

const ja: CatalogOf<typeof en> = {
  'page.title': '{title} – {site}',
  'page.boardFeedTitle': '{site}：{board}',
  'page.acceptedAnswer': '承認された回答',
  'page.role.staff': 'スタッフ',
  'page.role.owner': 'オーナー',
  'page.answers': { other: '回答 {count} 件' },
  'page.replies': { other: '返信 {count} 件' },
  'page.followWithoutAccount': 'アカウントなしでフォロー：',
  'page.threadFeed': 'このスレッドのフィード',
  'page.boardFeed': '掲示板のフィード',
  'page.joinConversation': '{site} で会話に参加する',

  'error.bad_json': 'メッセージが有効な JSON ではありません。',
  'error.invalid_message': 'メッセージが無効です。',
  'error.invalid_field': 'メッセージが無効です：{field} を確認してください。',
  'error.unknown_type': '不明なメッセージの種類です。',
  'error.too_large': 'メッセージが大きすぎます。',
  'error.auth_required': '先にサインインするか、表示名を決めてください。',
  'error.invalid_credentials': 'メールアドレスまたはパスワードが正しくありません。',
  'error.account_locked':
    'サインインの失敗が多すぎたため、このアカウントはロックされています。しばらくしてからもう一度試すか、オーナーにロック解除を依頼してください。',
  'error.two_factor_required': '認証アプリのコードを入力してください。',
  'error.session_expired': 'セッションの有効期限が切れました。もう一度サインインしてください。',
  'error.csrf_failed': 'このリクエストを確認できませんでした。ページを再読み込みして、もう一度お試しください。',
  'error.invalid_token': 'サインインを確認できませんでした。',
  'error.guests_not_allowed': 'このサイトでは、サインインしたメンバーだけが投稿できます。',
  'error.forbidden': 'この操作は許可されていません。',
  'error.banned': 'このサイトへの投稿は禁止されています。',
  'error.not_found': '見つかりません。',
  'error.origin_not_allowed': 'このページではこの掲示板を使用できません。',
  'error.unknown_site': '不明なサイトです。',
  'error.thread_locked': 'このスレッドはロックされています。',
  'error.conflict': '現在この操作はできません。',
  'error.not_an_image':
    'このファイルは Booth で表示できる画像ではありません。JPEG、PNG、WebP、GIF の画像を使ってください。',
  'error.image_too_large': '画像が大きすぎます。10 MB 以下のファイルを使ってください。',
  'error.image_too_many_pixels': '画像の画素数が多すぎます。5,000 万画素以下の画像を使ってください。',
  'error.image_quota_exceeded': 'このサイトには現在、これ以上画像を保存する容量がありません。',
  'error.no_visible_content': 'このままでは空白で表示されます。見える文字を書いてください。',
  'error.duplicate': 'すでに同じ内容を投稿しています。もう一度投稿せずに、前の投稿を編集してください。',
  'error.rate_limited': '操作の回数が多すぎます。少し待ってからお試しください。',
  'error.not_subscribed': '先に掲示板を購読してください。',
  'error.unavailable': 'サーバーを利用できません。再接続しています…',
  'error.internal': '問題が発生しました。もう一度お試しください。',
};

export default ja;
