// A server-rendered SVG line chart: a few series (e.g. a class's качество and успеваемость) over a few points (the
// periods of a year), on a 0–100 % scale; each point labelled with its value, a point without a value left out (the line
// breaks there). Scales to its container; every text escaped (chart.ts escapeXml). Prints on A4, legible at 360 px.
import { escapeXml } from './chart.ts';

export type LineSeries = { name: string; values: ReadonlyArray<number | null> };

const WIDTH = 400;
const LEFT = 34;
const RIGHT = 16;
const TOP = 44;
const PLOT_H = 150;
const COLORS = ['#1f5fbf', '#b3261e', '#2e7d32', '#6a4c93'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace('.', ','));

export function lineChartSvg(opts: { title: string; labels: readonly string[]; series: readonly LineSeries[] }): string {
  const { title, labels, series } = opts;
  const n = Math.max(1, labels.length);
  const step = n > 1 ? (WIDTH - LEFT - RIGHT) / (n - 1) : 0;
  const x = (i: number) => (n > 1 ? LEFT + i * step : (LEFT + WIDTH - RIGHT) / 2);
  const y = (v: number) => TOP + PLOT_H - (Math.max(0, Math.min(100, v)) / 100) * PLOT_H;
  const grid = [0, 50, 100].map((v) => `<line stroke="#c9ced6" stroke-width="1" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(v)}" y2="${y(v)}"/>`
    + `<text class="axis" x="${LEFT - 4}" y="${y(v) + 4}" text-anchor="end">${v}</text>`).join('');
  const xLabels = labels.map((l, i) => `<text class="label" x="${x(i).toFixed(1)}" y="${TOP + PLOT_H + 18}" text-anchor="middle">${escapeXml(l)}</text>`).join('');
  const lines = series.map((s, k) => {
    const color = COLORS[k % COLORS.length]!;
    const segments: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) segments.push([]);
      else segments[segments.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    const paths = segments.filter((p) => p.length > 1)
      .map((p) => `<polyline fill="none" stroke="${color}" stroke-width="2" stroke-dasharray="${DASHES[k % DASHES.length]}" points="${p.join(' ')}"/>`).join('');
    const dots = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? ''
      : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3.5" fill="${color}"><title>${escapeXml(`${s.name}, ${labels[i] ?? ''}: ${num(v)} %`)}</title></circle>`
        + `<text class="value" x="${x(i).toFixed(1)}" y="${(y(v) - 7).toFixed(1)}" text-anchor="middle" fill="${color}">${num(v)}</text>`)).join('');
    const legend = `<line stroke="${color}" stroke-width="2" stroke-dasharray="${DASHES[k % DASHES.length]}" x1="${LEFT + k * 150}" x2="${LEFT + k * 150 + 22}" y1="28" y2="28"/>`
      + `<text class="legend" x="${LEFT + k * 150 + 27}" y="32">${escapeXml(s.name)}</text>`;
    return paths + dots + legend;
  }).join('');
  const height = TOP + PLOT_H + 28;
  return `<svg class="line-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" font-family="system-ui, Arial, sans-serif" font-size="12" role="img" aria-label="${escapeXml(title)}">`
    + `<title>${escapeXml(title)}</title><text class="chart-title" x="0" y="14" font-weight="600">${escapeXml(`${title}, %`)}</text>`
    + grid + xLabels + lines + '</svg>';
}
