// The reports' SVG bar chart: one bar per label, widths proportional to the values, every text escaped, a limit drawn
// where given and a bar over its limit marked, an empty chart that says so.
import { describe, expect, it } from 'vitest';
import { barChartSvg, escapeXml } from '../../src/modules/reports/core/chart.ts';

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const widths = (svg: string) => [...svg.matchAll(/<rect class="bar[^"]*"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('barChartSvg', () => {
  it('draws one bar per label, proportional to the value (the largest fills the plot, 392 units)', () => {
    const svg = barChartSvg({ title: 'Пропуски', unit: 'шт.', bars: [{ label: 'А', value: 10 }, { label: 'Б', value: 5 }, { label: 'В', value: 0 }] });
    expect(count(svg, /<rect class="bar/g)).toBe(3);
    // plot width = 640 − 200 (labels) − 48 (values) = 392
    expect(widths(svg)).toEqual([392, 196, 0]);
    expect(count(svg, /<line class="limit"/g)).toBe(0);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('viewBox="0 0 640 ');
  });

  it('escapes labels, title and unit (no markup gets through)', () => {
    const svg = barChartSvg({ title: 'A & B <script>', unit: '"мин"', bars: [{ label: '<img src=x onerror=alert(1)>', value: 1 }] });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).toContain('A &amp; B &lt;script&gt;');
    expect(svg).toContain('&quot;мин&quot;');
  });

  it('draws a limit per bar, scales to the larger of value and limit, and marks a bar over its limit', () => {
    const svg = barChartSvg({ title: 'Д/з', unit: 'мин', bars: [{ label: '5А', value: 150, limit: 120 }, { label: '6А', value: 100, limit: 150 }] });
    expect(count(svg, /<line class="limit"/g)).toBe(2);
    expect(count(svg, /<rect class="bar over"/g)).toBe(1);
    // max = 150: 150 → 392, 100 → 261.3; limits at x = 200 + 120/150·392 = 513.6 and 200 + 392 = 592
    expect(widths(svg)).toEqual([392, 261.3]);
    expect(svg).toContain('x1="513.6"');
    expect(svg).toContain('x1="592.0"');
  });

  it('says «Нет данных» without bars, and survives zero, negative and non-finite values', () => {
    expect(barChartSvg({ title: 't', unit: 'u', bars: [] })).toContain('Нет данных');
    const svg = barChartSvg({ title: 't', unit: 'u', bars: [{ label: 'a', value: 0 }, { label: 'b', value: -3 }, { label: 'c', value: Number.NaN }] });
    expect(widths(svg)).toEqual([0, 0, 0]);
    expect(svg).not.toContain('NaN');
  });

  it('escapeXml', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
