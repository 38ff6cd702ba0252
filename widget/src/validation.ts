import { Body, check, DisplayName, Reason, Title } from '@booth/shared';

/** The first problem with a value, checked by the very schema the server applies. */
function problem(
  schema: typeof Title | typeof Body | typeof DisplayName | typeof Reason,
  label: string,
  value: string,
): string | undefined {
  const result = check(schema, value);
  return result.ok ? undefined : `${label} ${result.error.message}.`;
}

export const titleProblem = (value: string) => problem(Title, 'The title', value);
export const bodyProblem = (value: string) => problem(Body, 'The text', value);
export const nameProblem = (value: string) => problem(DisplayName, 'Your name', value);
export const reasonProblem = (value: string) => problem(Reason, 'The reason', value);
