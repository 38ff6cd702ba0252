import type { CatalogOf } from '@booth/shared';
import type en from './en.js';

const fr: CatalogOf<typeof en> = {
  'page.title': '{title} – {site}',
  'page.boardFeedTitle': '{site} : {board}',
  'page.acceptedAnswer': 'Réponse acceptée',
  'page.role.staff': 'équipe',
  'page.role.owner': 'propriétaire',
  'page.answers': { one: '{count} réponse', many: '{count} de réponses', other: '{count} réponses' },
  'page.replies': { one: '{count} message', many: '{count} de messages', other: '{count} messages' },
  'page.followWithoutAccount': 'Suivre sans compte :',
  'page.threadFeed': 'le flux de cette discussion',
  'page.boardFeed': 'le flux du forum',
  'page.joinConversation': 'Rejoignez la conversation sur {site}',

  'error.bad_json': 'Le message n’est pas du JSON valide.',
  'error.invalid_message': 'Le message n’est pas valide.',
  'error.invalid_field': 'Le message n’est pas valide : vérifiez {field}.',
  'error.unknown_type': 'Type de message inconnu.',
  'error.too_large': 'Le message est trop volumineux.',
  'error.auth_required': 'Connectez-vous ou choisissez d’abord un nom d’affichage.',
  'error.invalid_credentials': 'L’adresse e-mail ou le mot de passe est incorrect.',
  'error.account_locked':
    'Ce compte est verrouillé après trop de tentatives de connexion échouées. Réessayez plus tard ou demandez à un propriétaire de le déverrouiller.',
  'error.two_factor_required': 'Saisissez le code de votre application d’authentification.',
  'error.session_expired': 'Votre session a expiré. Veuillez vous reconnecter.',
  'error.csrf_failed': 'Cette requête n’a pas pu être vérifiée. Rechargez la page et réessayez.',
  'error.invalid_token': 'Votre connexion n’a pas pu être vérifiée.',
  'error.guests_not_allowed': 'Sur ce site, seuls les membres connectés peuvent publier.',
  'error.forbidden': 'Vous n’avez pas le droit de faire cela.',
  'error.banned': 'Vous êtes banni des publications sur ce site.',
  'error.not_found': 'Introuvable.',
  'error.origin_not_allowed': 'Cette page n’est pas autorisée à utiliser ce forum.',
  'error.unknown_site': 'Site inconnu.',
  'error.thread_locked': 'Cette discussion est verrouillée.',
  'error.conflict': 'Ce n’est pas possible pour le moment.',
  'error.not_an_image':
    'Ce fichier n’est pas une image que Booth peut afficher. Utilisez une image JPEG, PNG, WebP ou GIF.',
  'error.image_too_large': 'Cette image est trop lourde. Utilisez un fichier de 10 Mo au plus.',
  'error.image_too_many_pixels': 'Cette image a trop de pixels. Utilisez-en une de 50 mégapixels au plus.',
  'error.image_quota_exceeded': 'Ce site n’a plus de place pour d’autres images pour le moment.',
  'error.no_visible_content': 'Cela s’afficherait vide. Écrivez quelque chose de visible.',
  'error.duplicate': 'Vous avez déjà publié ceci. Modifiez votre message précédent au lieu de le republier.',
  'error.rate_limited': 'Vous faites cela trop souvent. Veuillez patienter un instant.',
  'error.not_subscribed': 'Abonnez-vous d’abord au forum.',
  'error.unavailable': 'Le serveur est indisponible. Reconnexion…',
  'error.internal': 'Une erreur s’est produite. Veuillez réessayer.',
};

export default fr;
