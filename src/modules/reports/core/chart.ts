// A server-rendered SVG bar chart: one horizontal bar per label (names read well on a phone and on A4), the value at
// the bar's end, and an optional limit per bar (a norm) drawn as a dashed mark; a bar over its limit is drawn red.
// The SVG scales to its container (viewBox, width 100%); every text is escaped.

export type Bar = { label: string; value: number; limit?: number };

const WIDTH = 640;
const LABEL_W = 200;
const BAR_H = 18;
const ROW_H = 26;
const TOP = 30;
const RIGHT_PAD = 48;

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
      `<text class="label" x="${LABEL_W - 6}" y="${y + BAR_H - 4}" text-anchor="end">${escapeXml(clip(b.label, 30))}</text>`,
      `<rect class="bar${over ? ' over' : ''}" fill="${over ? '#b3261e' : '#1f5fbf'}" x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}"><title>${escapeXml(`${b.label}: ${num(finite(b.value))} ${unit}`)}</title></rect>`,
      `<text class="value" x="${(LABEL_W + w + 4).toFixed(1)}" y="${y + BAR_H - 4}">${num(finite(b.value))}</text>`,
    ];
    if (b.limit !== undefined) {
      const lx = x(b.limit).toFixed(1);
      parts.push(`<line class="limit" stroke="#1d2430" stroke-width="2" stroke-dasharray="4 2" x1="${lx}" x2="${lx}" y1="${y - 3}" y2="${y + BAR_H + 3}"><title>${escapeXml(`норма: ${num(finite(b.limit))} ${unit}`)}</title></line>`);
    }
    return parts.join('');
  });
  const empty = bars.length === 0 ? `<text class="label" x="${LABEL_W}" y="${TOP + BAR_H - 4}">Нет данных</text>` : '';
  return `<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" font-family="system-ui, Arial, sans-serif" font-size="13" role="img" aria-label="${escapeXml(`${title} (${unit})`)}">`
    + `<title>${escapeXml(title)}</title>`
    + `<text class="chart-title" x="0" y="16" font-weight="600">${escapeXml(`${title}, ${unit}`)}</text>`
    + rows.join('') + empty + '</svg>';
}
