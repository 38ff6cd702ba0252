import { Body, check, DisplayName, EmailAddress, ERROR_CODES, hasVisibleText, Reason, Title } from '@booth/shared';

/** The first problem with a value, checked by the very schema the server applies. */
function problem(
  schema: typeof Title | typeof Body | typeof DisplayName | typeof Reason | typeof EmailAddress,
  label: string,
  value: string,
): string | undefined {
  const result = check(schema, value);
  return result.ok ? undefined : `${label} ${result.error.message}.`;
}

/**
 * Text the server would refuse as blank: only invisible characters, spaces or lone accents. The
 * server also refuses markdown that renders blank (`---` alone), and the widget shows its words.
 */
function blankProblem(value: string): string | undefined {
  return value.trim() !== '' && !hasVisibleText(value) ? ERROR_CODES.no_visible_content : undefined;
}

export const titleProblem = (value: string) => problem(Title, 'The title', value) ?? blankProblem(value);
export const bodyProblem = (value: string) => problem(Body, 'The text', value) ?? blankProblem(value);
export const nameProblem = (value: string) => problem(DisplayName, 'Your name', value);
export const reasonProblem = (value: string) => problem(Reason, 'The reason', value);
export const emailProblem = (value: string) => problem(EmailAddress, 'Your email', value);
