import type { ThreadView } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { richText, type Strings } from '../i18n/strings.js';
import { banDaysFrom } from '../state/desk-state.js';

/** Ban lengths in days; null is for good. */
const BAN_CHOICES: readonly (number | null)[] = [1, 7, 30, null];

/** Board, author and reply count of a thread, in one line. */
export function threadMeta(strings: Strings, thread: ThreadView): TemplateResult {
  const key = thread.author.guest ? 'thread.metaGuest' : 'thread.meta';
  const rich = { board: html`<bdi>${thread.board}</bdi>`, author: html`<bdi>${thread.author.name}</bdi>` };
  return html`<span class="meta">${richText(strings, key, rich, { count: thread.replyCount })}</span>`;
}

/** Chips for a thread's pinned, locked, hidden and answered states, and an accepted answer that may be out of date. */
export function chips(strings: Strings, thread: ThreadView): TemplateResult {
  const { t } = strings;
  return html`${thread.pinned ? html`<span class="chip">${t('thread.pinned')}</span>` : nothing}${thread.locked ? html`<span class="chip warn">${t('thread.locked')}</span>` : nothing}${thread.status === 'hidden' ? html`<span class="chip bad">${t('thread.hidden')}</span>` : nothing}${thread.status === 'answered' ? html`<span class="chip">${t('thread.answered')}</span>` : nothing}${thread.answerStale ? html`<span class="chip warn">${t('thread.stale')}</span>` : nothing}`;
}

/** The ban length select; read it back with `banDays`. */
export function banSelect(strings: Strings): TemplateResult {
  const { t } = strings;
  return html`<select name="ban" aria-label=${t('ban.label')}>
    ${BAN_CHOICES.map((days) => html`<option value=${days === null ? 'forever' : String(days)}>${days === null ? t('ban.forGood') : t('time.days', { count: days })}</option>`)}
  </select>`;
}

/** The ban length chosen in the ban select inside `root`. */
export function banDays(root: Element | null): number | null {
  return banDaysFrom(root?.querySelector<HTMLSelectElement>('select[name=ban]')?.value);
}

/** The optional reason typed into the reason input inside `root`. */
export function reasonIn(root: Element | null): string | undefined {
  const value = root?.querySelector<HTMLInputElement>('input[name=reason]')?.value.trim();
  return value ? value : undefined;
}
