/**
 * The new text of an emailed reply: the message's plain text (mailparser derives it from the
 * HTML when there is no plain part) without the quoted email below it and the signature, which
 * email-reply-parser recognises in the forms mail programs write in about ten languages.
 */
import EmailReplyParser from 'email-reply-parser';

/** The reply a person typed, or '' when nothing is left after the quote and signature. */
export function visibleReplyText(text: string): string {
  // Mail programs mark line ends with CRLF; the parser's patterns expect LF.
  const normalized = text.replace(/\r\n?/g, '\n');
  const visible = new EmailReplyParser().read(normalized).getVisibleText();
  // The parser keeps a signature that stands alone; the RFC 3676 delimiter line ends the text anyway.
  const delimiter = visible.search(/^-- $/m);
  return (delimiter >= 0 ? visible.slice(0, delimiter) : visible).trim();
}
