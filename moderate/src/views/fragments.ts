import type { ThreadView } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { banDaysFrom } from '../state/desk-state.js';

const BAN_CHOICES: { label: string; days: number | null }[] = [
  { label: '1 day', days: 1 },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: 'for good', days: null },
];

/** Board, author and reply count of a thread, in one line. */
export function threadMeta(thread: ThreadView): TemplateResult {
  return html`<span class="meta">${thread.board} · asked by <bdi>${thread.author.name}</bdi>${thread.author.guest ? ' (guest)' : ''} · ${thread.replyCount} ${thread.replyCount === 1 ? 'reply' : 'replies'}</span>`;
}

/** Chips for a thread's pinned, locked, hidden and answered states. */
export function chips(thread: ThreadView): TemplateResult {
  return html`${thread.pinned ? html`<span class="chip">pinned</span>` : nothing}${thread.locked ? html`<span class="chip warn">locked</span>` : nothing}${thread.status === 'hidden' ? html`<span class="chip bad">hidden</span>` : nothing}${thread.status === 'answered' ? html`<span class="chip">answered</span>` : nothing}`;
}

/** The ban length select; read it back with `banDays`. */
export function banSelect(): TemplateResult {
  return html`<select name="ban" aria-label="Ban length">
    ${BAN_CHOICES.map((c) => html`<option value=${c.days === null ? 'forever' : String(c.days)}>${c.label}</option>`)}
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
