import { Body, DisplayName, EmailAddress, firstProblem, hasVisibleText, Reason, Title } from '@booth/shared';
import type { WidgetTranslator } from './i18n/translator.js';

/** The board's words (the element itself, or its translator). */
type Words = Pick<WidgetTranslator, 't'>;

type FieldSchema = typeof Title | typeof Body | typeof DisplayName | typeof Reason | typeof EmailAddress;

/**
 * The first problem with a value, checked by the very schema the server applies and worded in
 * the board's language. The message stands under its field, so it need not name it.
 */
function problem(schema: FieldSchema, value: string, tr: Words): string | undefined {
  const found = firstProblem(schema, value);
  if (!found) return undefined;
  const count = typeof found.requirement === 'number' ? found.requirement : 0;
  switch (found.type) {
    case 'min_length':
      return count <= 1 ? tr.t('problem.empty') : tr.t('problem.tooShort', { count });
    case 'max_length':
      return tr.t('problem.tooLong', { count });
    case 'email':
      return tr.t('problem.email');
    case 'check':
      return tr.t(found.requirement === hasVisibleText ? 'problem.noLetters' : 'problem.invisible');
    default:
      return tr.t('problem.badCharacters');
  }
}

/**
 * Text the server would refuse as blank: only invisible characters, spaces or lone accents. The
 * server also refuses markdown that renders blank (`---` alone), and the widget shows its words.
 */
function blankProblem(value: string, tr: Words): string | undefined {
  return value.trim() !== '' && !hasVisibleText(value) ? tr.t('error.no_visible_content') : undefined;
}

export const titleProblem = (value: string, tr: Words) => problem(Title, value, tr) ?? blankProblem(value, tr);
export const bodyProblem = (value: string, tr: Words) => problem(Body, value, tr) ?? blankProblem(value, tr);
export const nameProblem = (value: string, tr: Words) => problem(DisplayName, value, tr);
export const reasonProblem = (value: string, tr: Words) => problem(Reason, value, tr);
export const emailProblem = (value: string, tr: Words) => problem(EmailAddress, value, tr);
