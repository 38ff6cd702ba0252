import { INSIGHT_PERIODS, type InsightPeriod, type InsightsResult } from '@booth/shared';
import { type Connection, RequestError } from '@booth/shared/client';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { errorText } from '../i18n/error-text.js';
import { day, duration, percent } from '../i18n/formats.js';
import type { Strings } from '../i18n/strings.js';
import { appStyles } from '../styles.js';
import { dailyBars, splitBar } from '../views/charts.js';

/** Styles of the insights and webhook pages, on top of the app's. */
export const reportStyles = css`
  :host { min-height: 0; background: none; display: block; }
  .toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 12px 16px; border-bottom: 1px solid #eceef2; }
  .toolbar button[aria-pressed='true'] { background: #2456d6; color: #fff; border-color: #2456d6; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; padding: 16px; }
  .kpi { border: 1px solid #eceef2; border-radius: 8px; padding: 10px 12px; display: grid; gap: 2px; }
  .kpi .value { font-size: 24px; font-weight: 700; }
  .kpi .label { font-size: 13px; color: #5b6476; }
  .block { padding: 0 16px 16px; display: grid; gap: 8px; }
  .block h3 { margin: 8px 0 0; font-size: 15px; }
  svg.chart { width: 100%; height: auto; max-height: 220px; }
  svg.chart .asked { fill: #c7d7fe; }
  svg.chart .answered { fill: #2e9e5b; }
  svg.chart .axis { stroke: #98a2b3; }
  svg.chart .grid { stroke: #eceef2; }
  svg.chart .tick { font-size: 11px; fill: #5b6476; }
  svg.split { width: 100%; height: 14px; border-radius: 4px; overflow: hidden; }
  svg.split .staff { fill: #2456d6; }
  svg.split .customers { fill: #2e9e5b; }
  svg.split .open { fill: #e4e7ec; }
  svg.split .none { fill: #f4f5f7; }
  .legend { display: flex; gap: 14px; font-size: 13px; color: #5b6476; flex-wrap: wrap; }
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-inline-end: 4px; vertical-align: middle; }
  .dot.staff { background: #2456d6; } .dot.customers { background: #2e9e5b; } .dot.open { background: #e4e7ec; }
  .dot.asked { background: #c7d7fe; } .dot.answered { background: #2e9e5b; }
`;

/**
 * How well the brand answers: questions asked, share answered (by staff or by other customers),
 * time to the first staff reply, what waits longest, active members and the most helpful
 * customers, for the whole site or one board over 7, 30 or 90 days.
 */
@customElement('booth-insights')
export class BoothInsights extends LitElement {
  static override styles = [appStyles, reportStyles];

  /** The moderation view's socket. */
  @property({ attribute: false }) connection: Connection | null = null;
  /** The staff member's language. */
  @property({ attribute: false }) strings!: Strings;

  @state() private days: InsightPeriod = 30;
  @state() private board = '';
  @state() private data: InsightsResult | null = null;
  /** Why the figures could not be loaded. */
  @state() private error: unknown = null;
  @state() private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    if (!this.connection) return;
    this.loading = true;
    this.error = null;
    try {
      const board = this.board.trim();
      this.data = await this.connection.request({ type: 'insights', days: this.days, ...(board ? { board } : {}) });
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  private setDays(days: InsightPeriod): void {
    this.days = days;
    void this.load();
  }

  private _onBoard(event: Event): void {
    event.preventDefault();
    const input = (event.currentTarget as HTMLFormElement).elements.namedItem('board') as HTMLInputElement;
    this.board = input.value;
    void this.load();
  }

  override render(): TemplateResult {
    const d = this.data;
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('insights.title')}>
      <h2>${t('insights.title')}${d ? html` <span class="meta">· ${d.board ? t('insights.board', { board: d.board }) : t('insights.wholeSite')} · ${t('insights.range', { from: day(this.strings, d.from), to: day(this.strings, d.to) })}</span>` : nothing}</h2>
      <div class="toolbar">
        <span class="meta">${t('insights.period')}</span>
        ${INSIGHT_PERIODS.map(
          (days) =>
            html`<button type="button" aria-pressed=${this.days === days ? 'true' : 'false'} @click=${() => this.setDays(days)}>${t('time.days', { count: days })}</button>`,
        )}
        <form @submit=${this._onBoard} class="actions">
          <label class="inline">${t('insights.boardLabel')} <input name="board" placeholder=${t('insights.allBoards')} .value=${this.board} size="16" /></label>
          <button type="submit">${t('insights.show')}</button>
        </form>
        ${this.loading ? html`<span class="meta">${t('app.loading')}</span>` : nothing}
      </div>
      ${this.error ? html`<p class="notice" role="alert">${this.error instanceof RequestError ? errorText(this.strings, this.error) : t('insights.failed')}</p>` : nothing}
      ${d ? this.renderFigures(d) : nothing}
    </section>`;
  }

  private renderFigures(d: InsightsResult): TemplateResult {
    const s = this.strings;
    const { t } = s;
    const n = (value: number) => s.number(value);
    const unanswered = d.asked - d.answered;
    const parts = [
      { label: t('insights.split.staff'), value: d.answeredByStaff, tone: 'staff' },
      { label: t('insights.split.customers'), value: d.answeredByCustomers, tone: 'customers' },
      { label: t('insights.split.open'), value: unanswered, tone: 'open' },
    ];
    return html`
      <div class="cards">
        ${kpi(t('insights.asked'), n(d.asked))}
        ${kpi(t('insights.answered'), percent(s, d.answered, d.asked), t('insights.answeredNote', { count: d.answered }))}
        ${kpi(t('insights.byStaff'), percent(s, d.answeredByStaff, d.answered), t('insights.partOf', { part: d.answeredByStaff, whole: d.answered }))}
        ${kpi(t('insights.byCustomers'), percent(s, d.answeredByCustomers, d.answered), t('insights.partOf', { part: d.answeredByCustomers, whole: d.answered }))}
        ${kpi(t('insights.median'), duration(s, d.firstStaffReply.medianSeconds), t('insights.medianNote', { count: d.firstStaffReply.count }))}
        ${kpi(t('insights.p90'), duration(s, d.firstStaffReply.p90Seconds), t('insights.p90Note'))}
        ${kpi(t('insights.active'), n(d.activeMembers), t('insights.activeNote'))}
        ${kpi(t('insights.peopleWaiting'), n(d.unanswered.peopleWaiting), t('insights.peopleWaitingNote', { count: d.unanswered.questions }))}
      </div>
      <div class="block">
        <h3>${t('insights.whoAnswered')}</h3>
        ${splitBar(s, parts)}
        <div class="legend">
          ${parts.map((p) => html`<span><span class="dot ${p.tone}"></span>${p.label} ${n(p.value)}</span>`)}
        </div>
        <h3>${t('insights.perDay')}</h3>
        ${dailyBars(s, d.series)}
        <div class="legend"><span><span class="dot asked"></span>${t('insights.legend.asked')}</span><span><span class="dot answered"></span>${t('insights.legend.answered')}</span></div>
      </div>
      <div class="block">
        <h3>${t('insights.oldest')}</h3>
        ${
          d.oldestUnanswered.length === 0
            ? html`<p class="meta">${t('insights.allAnswered')}</p>`
            : html`<table>
                <thead><tr><th>${t('insights.question')}</th><th>${t('insights.boardLabel')}</th><th>${t('insights.waitingColumn')}</th></tr></thead>
                <tbody>${d.oldestUnanswered.map(
                  (w) =>
                    html`<tr><td><bdi>${w.title}</bdi></td><td><bdi>${w.board}</bdi></td><td class="waited">${duration(s, w.waitingSeconds)}</td></tr>`,
                )}</tbody>
              </table>`
        }
        <h3>${t('insights.helpful')}</h3>
        ${
          d.leaderboard.length === 0
            ? html`<p class="meta">${t('insights.noHelpful')}</p>`
            : html`<table>
                <thead><tr><th>${t('insights.customer')}</th><th>${t('insights.acceptedAnswers')}</th><th>${t('insights.upvotes')}</th></tr></thead>
                <tbody>${d.leaderboard.map(
                  (h) =>
                    html`<tr><td><bdi>${h.member.name}</bdi></td><td>${n(h.acceptedAnswers)}</td><td>${n(h.upvotes)}</td></tr>`,
                )}</tbody>
              </table>`
        }
      </div>
    `;
  }
}

function kpi(label: string, value: string, note = ''): TemplateResult {
  return html`<div class="kpi"><span class="label">${label}</span><span class="value">${value}</span>${note ? html`<span class="meta">${note}</span>` : nothing}</div>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-insights': BoothInsights;
  }
}
