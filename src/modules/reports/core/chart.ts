// Server-rendered SVG bar charts: one horizontal bar per label (names read well on a phone and on A4), the value at
// the bar's end. barChartSvg: an optional limit per bar (a norm) drawn as a dashed mark, a bar over its limit red.
// stackedBarChartSvg: each bar split into the parts of a few series (e.g. absences by reason), with a legend.
// The SVG scales to its container (viewBox, width 100%); every text is escaped.

export type Bar = { label: string; value: number; limit?: number };

const WIDTH = 400;
const LABEL_W = 150;
const BAR_H = 18;
const ROW_H = 26;
const TOP = 30;
const RIGHT_PAD = 36;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ','));
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function barChartSvg(opts: { title: string; unit: string; bars: Bar[] }): string {
  const { title, unit, bars } = opts;
  const finite = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, n) : 0);
  const max = Math.max(1, ...bars.map((b) => Math.max(finite(b.value), finite(b.limit))));
  const plotW = WIDTH - LABEL_W - RIGHT_PAD;
  const x = (v: number) => LABEL_W + (finite(v) / max) * plotW;
  const height = TOP + Math.max(1, bars.length) * ROW_H + 8;
  const rows = bars.map((b, i) => {
    const y = TOP + i * ROW_H;
    const over = b.limit !== undefined && finite(b.value) > finite(b.limit);
    const w = Math.max(0, x(b.value) - LABEL_W);
    const parts = [
      `<text class="label" x="${LABEL_W - 6}" y="${y + BAR_H - 4}" text-anchor="end">${escapeXml(clip(b.label, 22))}</text>`,
      `<rect class="bar${over ? ' over' : ''}" fill="${over ? '#b3261e' : '#1f5fbf'}" x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}"><title>${escapeXml(`${b.label}: ${num(finite(b.value))} ${unit}`)}</title></rect>`,
      `<text class="value" x="${(LABEL_W + w + 4).toFixed(1)}" y="${y + BAR_H - 4}">${num(finite(b.value))}</text>`,
    ];
    if (b.limit !== undefined) {
      const lx = x(b.limit).toFixed(1);
      parts.push(`<line class="limit" stroke="#1d2430" stroke-width="2" stroke-dasharray="4 2" x1="${lx}" x2="${lx}" y1="${y - 3}" y2="${y + BAR_H + 3}"><title>${escapeXml(`норма: ${num(finite(b.limit))} ${unit}`)}</title></line>`);
    }
    return parts.join('');
  });
  return svgFrame('bar-chart', title, unit, WIDTH, height, rows.join('') + emptyNote(bars.length, TOP, LABEL_W));
}

const emptyNote = (n: number, top: number, x: number) => (n === 0 ? `<text class="label" x="${x}" y="${top + BAR_H - 4}">Нет данных</text>` : '');

function svgFrame(cls: string, title: string, unit: string, width: number, height: number, body: string): string {
  return `<svg class="${cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" font-family="system-ui, Arial, sans-serif" font-size="13" role="img" aria-label="${escapeXml(`${title} (${unit})`)}">`
    + `<title>${escapeXml(title)}</title>`
    + `<text class="chart-title" x="0" y="16" font-weight="600">${escapeXml(`${title}, ${unit}`)}</text>`
    + body + '</svg>';
}

/** The stacked chart is narrower (its text larger on a phone) and its labels only as wide as the longest needs. */
const STACKED_WIDTH = 360;
/** ~8 units a character of a 13 px Cyrillic label. */
const CHAR_W = 8;

/** A series of a stacked chart: its name in the legend and its fill (distinct in grey too: dark, mid, light). */
export type Series = { label: string; color: string };
export type StackedBar = { label: string; values: number[] };

const LEGEND_ROW = 18;
/** A legend entry's width: the swatch, the label, a gap. */
const legendWidth = (label: string) => 16 + label.length * CHAR_W + 14;

/** The legend's entries placed left to right, wrapping within the chart's width. */
function legend(series: readonly Series[], top: number, width: number): { svg: string; height: number } {
  let x = 0, y = top;
  const parts = series.map((s) => {
    const w = legendWidth(s.label);
    if (x > 0 && x + w > width) { x = 0; y += LEGEND_ROW; }
    const part = `<rect class="swatch" x="${x}" y="${y}" width="11" height="11" fill="${s.color}" stroke="#1d2430" stroke-width="0.5"/>`
      + `<text class="label" x="${x + 16}" y="${y + 10}">${escapeXml(s.label)}</text>`;
    x += w;
    return part;
  });
  return { svg: parts.join(''), height: y - top + LEGEND_ROW };
}

/** Bars split into the series' parts, in the series' order from the left; the bar's total at its end. */
export function stackedBarChartSvg(opts: { title: string; unit: string; series: Series[]; bars: StackedBar[] }): string {
  const { title, unit, series, bars } = opts;
  const finite = (n: number | undefined) => (typeof n === 'number' && Number.isFinite(n) ? Math.max(0, n) : 0);
  const totals = bars.map((b) => series.reduce((a, _, i) => a + finite(b.values[i]), 0));
  const max = Math.max(1, ...totals);
  const labelW = Math.min(LABEL_W, Math.max(40, ...bars.map((b) => b.label.length * CHAR_W + 12)));
  const fits = Math.floor((labelW - 12) / CHAR_W);
  const plotW = STACKED_WIDTH - labelW - RIGHT_PAD;
  const key = legend(series, TOP - 8, STACKED_WIDTH);
  const top = TOP - 8 + key.height + 6;
  const rows = bars.map((b, i) => {
    const y = top + i * ROW_H;
    let x = labelW;
    const parts = series.map((s, k) => {
      const v = finite(b.values[k]);
      const w = (v / max) * plotW;
      const seg = v === 0 ? '' : `<rect class="seg" fill="${s.color}" stroke="#fff" stroke-width="0.5" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}"><title>${escapeXml(`${b.label}, ${s.label}: ${num(v)} ${unit}`)}</title></rect>`;
      x += w;
      return seg;
    });
    return `<text class="label" x="${labelW - 6}" y="${y + BAR_H - 4}" text-anchor="end">${escapeXml(clip(b.label, fits))}</text>`
      + parts.join('') + `<text class="value" x="${(x + 4).toFixed(1)}" y="${y + BAR_H - 4}">${num(totals[i]!)}</text>`;
  });
  const height = top + Math.max(1, bars.length) * ROW_H + 8;
  return svgFrame('bar-chart stacked-chart', title, unit, STACKED_WIDTH, height, key.svg + rows.join('') + emptyNote(bars.length, top, labelW));
}
