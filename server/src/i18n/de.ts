import type { CatalogOf } from '@booth/shared';
import type en from './en.js';

const de: CatalogOf<typeof en> = {
  'page.title': '{title} – {site}',
  'page.boardFeedTitle': '{site}: {board}',
  'page.acceptedAnswer': 'Akzeptierte Antwort',
  'page.role.staff': 'Team',
  'page.role.owner': 'Inhaber',
  'page.answers': { one: '{count} Antwort', other: '{count} Antworten' },
  'page.replies': { one: '{count} Beitrag', other: '{count} Beiträge' },
  'page.followWithoutAccount': 'Ohne Konto folgen:',
  'page.threadFeed': 'Feed dieses Themas',
  'page.boardFeed': 'Feed des Forums',
  'page.joinConversation': 'Diskutieren Sie mit auf {site}',
  'feed.question': 'Frage: {title}',
  'feed.discussion': 'Diskussion: {title}',
  'feed.acceptedAnswer': '{name} (Team) hat die akzeptierte Antwort auf {title} gegeben',
  'feed.staffAnswered': '{name} (Team) hat {title} beantwortet',
  'feed.staffReplied': '{name} (Team) hat auf {title} geantwortet',
  'feed.replied': '{name} hat auf {title} geantwortet',

  'error.bad_json': 'Die Nachricht ist kein gültiges JSON.',
  'error.invalid_message': 'Die Nachricht ist ungültig.',
  'error.invalid_field': 'Die Nachricht ist ungültig: Bitte {field} prüfen.',
  'error.unknown_type': 'Unbekannter Nachrichtentyp.',
  'error.too_large': 'Die Nachricht ist zu groß.',
  'error.auth_required': 'Melden Sie sich zuerst an oder wählen Sie einen Anzeigenamen.',
  'error.invalid_credentials': 'E-Mail-Adresse oder Passwort stimmen nicht.',
  'error.account_locked':
    'Dieses Konto ist nach zu vielen fehlgeschlagenen Anmeldungen gesperrt. Versuchen Sie es später erneut oder bitten Sie einen Inhaber, es zu entsperren.',
  'error.two_factor_required': 'Geben Sie den Code aus Ihrer Authenticator-App ein.',
  'error.session_expired': 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
  'error.csrf_failed':
    'Diese Anfrage konnte nicht überprüft werden. Laden Sie die Seite neu und versuchen Sie es erneut.',
  'error.invalid_token': 'Ihre Anmeldung konnte nicht überprüft werden.',
  'error.guests_not_allowed': 'Auf dieser Website können nur angemeldete Mitglieder schreiben.',
  'error.forbidden': 'Das dürfen Sie nicht.',
  'error.banned': 'Sie sind auf dieser Website für Beiträge gesperrt.',
  'error.not_found': 'Nicht gefunden.',
  'error.origin_not_allowed': 'Diese Seite darf dieses Forum nicht verwenden.',
  'error.unknown_site': 'Unbekannte Website.',
  'error.thread_locked': 'Dieses Thema ist gesperrt.',
  'error.conflict': 'Das geht gerade nicht.',
  'error.not_an_image':
    'Diese Datei ist kein Bild, das Booth anzeigen kann. Verwenden Sie ein JPEG-, PNG-, WebP- oder GIF-Bild.',
  'error.image_too_large': 'Dieses Bild ist zu groß. Verwenden Sie eine Datei mit höchstens 10 MB.',
  'error.image_too_many_pixels': 'Dieses Bild hat zu viele Pixel. Verwenden Sie eines mit höchstens 50 Megapixeln.',
  'error.image_quota_exceeded': 'Auf dieser Website ist gerade kein Platz für weitere Bilder.',
  'error.no_visible_content': 'Das wäre leer. Schreiben Sie etwas, das man sehen kann.',
  'error.duplicate':
    'Das haben Sie bereits gepostet. Bearbeiten Sie Ihren früheren Beitrag, statt ihn noch einmal zu posten.',
  'error.rate_limited': 'Sie tun das zu oft. Bitte warten Sie einen Moment.',
  'error.not_subscribed': 'Abonnieren Sie zuerst das Forum.',
  'error.unavailable': 'Der Server ist nicht erreichbar. Neue Verbindung wird aufgebaut…',
  'error.internal': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
};

export default de;
