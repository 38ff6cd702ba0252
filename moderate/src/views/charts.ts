/**
 * Small SVG charts for the insights page: plain Lit templates, no chart library, readable by
 * screen readers through their labels and the numbers shown beside them.
 */
import type { InsightsDay } from '@booth/shared';
import { html, svg, type TemplateResult } from 'lit';
import { day } from '../i18n/formats.js';
import type { Strings } from '../i18n/strings.js';

const WIDTH = 640;
const HEIGHT = 160;
const PAD = { top: 10, right: 8, bottom: 22, left: 28 };

/**
 * A label isolated from the chart's left-to-right text (first-strong isolate), so a date written
 * right to left, as Arabic writes it, keeps its own order.
 */
const isolated = (text: string) => `\u2068${text}\u2069`;

/**
 * Questions asked per day, with the part of them now answered drawn inside each bar. Time runs
 * left to right in every language, as on a calendar's axis.
 *
 * @example dailyBars(strings, result.series)
 */
export function dailyBars(strings: Strings, series: InsightsDay[]): TemplateResult {
  const { t } = strings;
  const max = Math.max(1, ...series.map((d) => d.asked));
  const inner = { w: WIDTH - PAD.left - PAD.right, h: HEIGHT - PAD.top - PAD.bottom };
  const step = inner.w / Math.max(1, series.length);
  const bar = Math.max(1, step * 0.7);
  const y = (n: number) => PAD.top + inner.h - (n / max) * inner.h;
  const label = t('insights.chartLabel', { count: series.reduce((s, d) => s + d.asked, 0) });
  const first = series[0] ? isolated(day(strings, series[0].day)) : '';
  const last = series.at(-1) ? isolated(day(strings, series.at(-1)?.day ?? '')) : '';
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${label} direction="ltr">
    ${svg`<line x1=${PAD.left} y1=${y(0)} x2=${WIDTH - PAD.right} y2=${y(0)} class="axis" />
      <line x1=${PAD.left} y1=${y(max)} x2=${WIDTH - PAD.right} y2=${y(max)} class="grid" />
      <text x=${PAD.left - 4} y=${y(max) + 4} text-anchor="end" class="tick">${strings.number(max)}</text>
      <text x=${PAD.left - 4} y=${y(0) + 4} text-anchor="end" class="tick">${strings.number(0)}</text>
      ${series.map((d, i) => {
        const x = PAD.left + i * step + (step - bar) / 2;
        return svg`<g>
          <title>${t('insights.barTitle', { day: day(strings, d.day), asked: d.asked, answered: d.answered })}</title>
          <rect x=${x} y=${y(d.asked)} width=${bar} height=${y(0) - y(d.asked)} class="asked" />
          <rect x=${x} y=${y(d.answered)} width=${bar} height=${y(0) - y(d.answered)} class="answered" />
        </g>`;
      })}
      <text x=${PAD.left} y=${HEIGHT - 6} class="tick">${first}</text>
      <text x=${WIDTH - PAD.right} y=${HEIGHT - 6} text-anchor="end" class="tick">${last}</text>`}
  </svg>`;
}

/** One horizontal bar split into parts, e.g. answered by staff / by customers / not answered. */
export function splitBar(
  strings: Strings,
  parts: Array<{ label: string; value: number; tone: string }>,
): TemplateResult {
  const total = parts.reduce((s, p) => s + p.value, 0);
  let at = 0;
  const named = parts.map((p) => strings.t('insights.part', { label: p.label, value: p.value }));
  const label = new Intl.ListFormat(strings.language, { type: 'unit' }).format(named);
  return html`<svg class="split" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label=${label}>
    ${
      total === 0
        ? svg`<rect x="0" y="0" width="100" height="8" class="none" />`
        : parts.map((p) => {
            const w = (p.value / total) * 100;
            const part = svg`<rect x=${at} y="0" width=${w} height="8" class=${p.tone}><title>${strings.t('insights.part', { label: p.label, value: p.value })}</title></rect>`;
            at += w;
            return part;
          })
    }
  </svg>`;
}
