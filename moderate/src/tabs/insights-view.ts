import { INSIGHT_PERIODS, type InsightPeriod, type InsightsResult } from '@booth/shared';
import { type Connection, RequestError } from '@booth/shared/client';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { appStyles } from '../styles.js';
import { dailyBars, duration, percent, splitBar } from '../views/charts.js';

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
  .dot { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: middle; }
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

  @state() private days: InsightPeriod = 30;
  @state() private board = '';
  @state() private data: InsightsResult | null = null;
  @state() private error = '';
  @state() private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    if (!this.connection) return;
    this.loading = true;
    this.error = '';
    try {
      const board = this.board.trim();
      this.data = await this.connection.request({ type: 'insights', days: this.days, ...(board ? { board } : {}) });
    } catch (error) {
      this.error = error instanceof RequestError ? error.message : 'Could not load the figures.';
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
    return html`<section class="list" aria-label="Insights">
      <h2>Insights${d ? html` <span class="meta">· ${d.board ? `board ${d.board}` : 'whole site'} · ${d.from.slice(0, 10)} to ${d.to.slice(0, 10)}</span>` : nothing}</h2>
      <div class="toolbar">
        <span class="meta">Period</span>
        ${INSIGHT_PERIODS.map(
          (days) =>
            html`<button type="button" aria-pressed=${this.days === days ? 'true' : 'false'} @click=${() => this.setDays(days)}>${days} days</button>`,
        )}
        <form @submit=${this._onBoard} class="actions">
          <label class="inline">Board <input name="board" placeholder="all boards" .value=${this.board} size="16" /></label>
          <button type="submit">Show</button>
        </form>
        ${this.loading ? html`<span class="meta">Loading…</span>` : nothing}
      </div>
      ${this.error ? html`<p class="notice" role="alert">${this.error}</p>` : nothing}
      ${d ? this.renderFigures(d) : nothing}
    </section>`;
  }

  private renderFigures(d: InsightsResult): TemplateResult {
    const unanswered = d.asked - d.answered;
    return html`
      <div class="cards">
        ${kpi('Questions asked', String(d.asked))}
        ${kpi('Answered', percent(d.answered, d.asked), `${d.answered} with an accepted answer`)}
        ${kpi('Answered by staff', percent(d.answeredByStaff, d.answered), `${d.answeredByStaff} of ${d.answered}`)}
        ${kpi('Answered by customers', percent(d.answeredByCustomers, d.answered), `${d.answeredByCustomers} of ${d.answered}`)}
        ${kpi('Median first staff reply', duration(d.firstStaffReply.medianSeconds), `over ${d.firstStaffReply.count} questions`)}
        ${kpi('90th percentile', duration(d.firstStaffReply.p90Seconds), 'time to first staff reply')}
        ${kpi('Active members', String(d.activeMembers), 'wrote in the period')}
        ${kpi('People waiting', String(d.unanswered.peopleWaiting), `on ${d.unanswered.questions} unanswered questions`)}
      </div>
      <div class="block">
        <h3>Who answered</h3>
        ${splitBar([
          { label: 'by staff', value: d.answeredByStaff, tone: 'staff' },
          { label: 'by customers', value: d.answeredByCustomers, tone: 'customers' },
          { label: 'not answered yet', value: unanswered, tone: 'open' },
        ])}
        <div class="legend">
          <span><span class="dot staff"></span>by staff ${d.answeredByStaff}</span>
          <span><span class="dot customers"></span>by customers ${d.answeredByCustomers}</span>
          <span><span class="dot open"></span>not answered yet ${unanswered}</span>
        </div>
        <h3>Questions per day</h3>
        ${dailyBars(d.series)}
        <div class="legend"><span><span class="dot asked"></span>asked</span><span><span class="dot answered"></span>answered since</span></div>
      </div>
      <div class="block">
        <h3>Waiting longest for an answer</h3>
        ${
          d.oldestUnanswered.length === 0
            ? html`<p class="meta">Every question has an accepted answer.</p>`
            : html`<table>
                <thead><tr><th>Question</th><th>Board</th><th>Waiting</th></tr></thead>
                <tbody>${d.oldestUnanswered.map(
                  (w) =>
                    html`<tr><td>${w.title}</td><td>${w.board}</td><td class="waited">${duration(w.waitingSeconds)}</td></tr>`,
                )}</tbody>
              </table>`
        }
        <h3>Most helpful customers</h3>
        ${
          d.leaderboard.length === 0
            ? html`<p class="meta">No customer answer was accepted or up-voted in this period.</p>`
            : html`<table>
                <thead><tr><th>Customer</th><th>Accepted answers</th><th>Up-votes</th></tr></thead>
                <tbody>${d.leaderboard.map(
                  (h) =>
                    html`<tr><td><bdi>${h.member.name}</bdi></td><td>${h.acceptedAnswers}</td><td>${h.upvotes}</td></tr>`,
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
