import type { CatalogOf } from '@booth/shared';
import type en from './en.js';

const ptBR: CatalogOf<typeof en> = {
  'page.title': '{title} – {site}',
  'page.boardFeedTitle': '{site}: {board}',
  'page.acceptedAnswer': 'Resposta aceita',
  'page.role.staff': 'equipe',
  'page.role.owner': 'proprietário',
  'page.answers': { one: '{count} resposta', many: '{count} de respostas', other: '{count} respostas' },
  'page.replies': { one: '{count} mensagem', many: '{count} de mensagens', other: '{count} mensagens' },
  'page.followWithoutAccount': 'Acompanhe sem conta:',
  'page.threadFeed': 'o feed deste tópico',
  'page.boardFeed': 'o feed do fórum',
  'page.joinConversation': 'Participe da conversa em {site}',

  'error.bad_json': 'A mensagem não é um JSON válido.',
  'error.invalid_message': 'A mensagem não é válida.',
  'error.invalid_field': 'A mensagem não é válida: verifique {field}.',
  'error.unknown_type': 'Tipo de mensagem desconhecido.',
  'error.too_large': 'A mensagem é grande demais.',
  'error.auth_required': 'Entre ou escolha primeiro um nome de exibição.',
  'error.invalid_credentials': 'O e-mail ou a senha não estão corretos.',
  'error.account_locked':
    'Esta conta foi bloqueada após muitas tentativas de login sem sucesso. Tente mais tarde ou peça a um proprietário que a desbloqueie.',
  'error.two_factor_required': 'Digite o código do seu aplicativo autenticador.',
  'error.session_expired': 'Sua sessão expirou. Entre novamente.',
  'error.csrf_failed': 'Não foi possível verificar esta solicitação. Recarregue a página e tente de novo.',
  'error.invalid_token': 'Não foi possível verificar seu login.',
  'error.guests_not_allowed': 'Neste site, só membros conectados podem publicar.',
  'error.forbidden': 'Você não tem permissão para fazer isso.',
  'error.banned': 'Você está proibido de publicar neste site.',
  'error.not_found': 'Não encontrado.',
  'error.origin_not_allowed': 'Esta página não tem permissão para usar este fórum.',
  'error.unknown_site': 'Site desconhecido.',
  'error.thread_locked': 'Este tópico está fechado.',
  'error.conflict': 'Isso não pode ser feito agora.',
  'error.not_an_image':
    'Este arquivo não é uma imagem que o Booth consegue mostrar. Use uma imagem JPEG, PNG, WebP ou GIF.',
  'error.image_too_large': 'Esta imagem é grande demais. Use um arquivo de até 10 MB.',
  'error.image_too_many_pixels': 'Esta imagem tem pixels demais. Use uma de até 50 megapixels.',
  'error.image_quota_exceeded': 'Este site está sem espaço para mais imagens no momento.',
  'error.no_visible_content': 'Isso apareceria em branco. Escreva algo que as pessoas possam ver.',
  'error.duplicate': 'Você já publicou isto. Edite sua mensagem anterior em vez de publicá-la de novo.',
  'error.rate_limited': 'Você está fazendo isso com muita frequência. Aguarde um momento.',
  'error.not_subscribed': 'Inscreva-se primeiro no fórum.',
  'error.unavailable': 'O servidor está indisponível. Reconectando…',
  'error.internal': 'Algo deu errado. Tente novamente.',
};

export default ptBR;
