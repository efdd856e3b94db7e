// The reports' SVG bar charts: one bar per label, widths proportional to the values, every text escaped, a limit drawn
// where given and a bar over its limit marked, an empty chart that says so; the stacked variant's parts and legend.
import { describe, expect, it } from 'vitest';
import { barChartSvg, escapeXml, stackedBarChartSvg } from '../../src/modules/reports/core/chart.ts';

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const widths = (svg: string) => [...svg.matchAll(/<rect class="bar[^"]*"[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('barChartSvg', () => {
  it('draws one bar per label, proportional to the value (the largest fills the plot, 214 units)', () => {
    const svg = barChartSvg({ title: 'Пропуски', unit: 'шт.', bars: [{ label: 'А', value: 10 }, { label: 'Б', value: 5 }, { label: 'В', value: 0 }] });
    expect(count(svg, /<rect class="bar/g)).toBe(3);
    // plot width = 400 − 150 (labels) − 36 (values) = 214
    expect(widths(svg)).toEqual([214, 107, 0]);
    expect(count(svg, /<line class="limit"/g)).toBe(0);
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('viewBox="0 0 400 ');
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
    // max = 150: 150 → 214, 100 → 142.7; limits at x = 150 + 120/150·214 = 321.2 and 150 + 214 = 364
    expect(widths(svg)).toEqual([214, 142.7]);
    expect(svg).toContain('x1="321.2"');
    expect(svg).toContain('x1="364.0"');
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

describe('stackedBarChartSvg', () => {
  const SERIES = [{ label: 'по болезни', color: '#111111' }, { label: 'уважительная', color: '#777777' }, { label: 'причина не указана', color: '#dddddd' }];
  const segs = (svg: string) => [...svg.matchAll(/<rect class="seg" fill="(#\w+)"[^>]* x="([\d.]+)"[^>]* width="([\d.]+)"/g)]
    .map((m) => `${m[1]} ${m[2]}+${m[3]}`);

  it('splits each bar into its parts from the left, the longest total filling the plot, the total at the end', () => {
    const svg = stackedBarChartSvg({ title: 'Пропуски', unit: 'уроков', series: SERIES, bars: [{ label: '5А', values: [6, 2, 2] }, { label: '5Б', values: [0, 5, 0] }] });
    // short labels: the plot starts at 40 and is 360 − 40 − 36 = 284 wide; max total 10: 6 → 170.4, 2 → 56.8;
    // 5Б's 5 → 142 from the plot's left; a zero part draws nothing
    expect(svg).toContain('viewBox="0 0 360 ');
    expect(segs(svg)).toEqual(['#111111 40.0+170.4', '#777777 210.4+56.8', '#dddddd 267.2+56.8', '#777777 40.0+142.0']);
    expect(svg).toMatch(/<text class="value" x="328.0"[^>]*>10<\/text>/);
    expect(svg).toMatch(/<text class="value" x="186.0"[^>]*>5<\/text>/);
    expect(svg).toContain('<title>5А, по болезни: 6 уроков</title>');
  });

  it('draws a legend entry per series, wrapping within the width; escapes every text', () => {
    const svg = stackedBarChartSvg({ title: 'A & B', unit: 'уроков', series: [...SERIES, { label: '<b>неуважительная</b>', color: '#444444' }], bars: [{ label: '<i>', values: [1] }] });
    expect((svg.match(/<rect class="swatch"/g) ?? []).length).toBe(4);
    const ys = [...svg.matchAll(/<rect class="swatch" x="[\d.]+" y="(\d+)"/g)].map((m) => Number(m[1]));
    expect(new Set(ys).size).toBe(3); // 110 + 126 units on the first line of 360, 174 on the second, 198 on the third
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;i&gt;');
    expect(svg).toContain('A &amp; B, уроков');
  });

  it('says «Нет данных» without bars and ignores negative and non-finite parts', () => {
    expect(stackedBarChartSvg({ title: 't', unit: 'u', series: SERIES, bars: [] })).toContain('Нет данных');
    const svg = stackedBarChartSvg({ title: 't', unit: 'u', series: SERIES, bars: [{ label: 'a', values: [-1, Number.NaN, 2] }] });
    expect(segs(svg)).toEqual(['#dddddd 40.0+284.0']);
    expect(svg).not.toContain('NaN');
  });

  it('makes room for long labels, up to 150 units, and cuts a longer one to fit', () => {
    const svg = stackedBarChartSvg({ title: 't', unit: 'u', series: [{ label: 'x', color: '#000000' }], bars: [{ label: 'Константинопольская Анастасия', values: [1] }] });
    expect(svg).toContain('x="144" y="'); // the label ends 6 units before the plot
    expect(svg).toContain('>Константинопольс…<'); // (150 − 12) / 8 = 17 characters
    expect(segs(svg)).toEqual(['#000000 150.0+174.0']);
  });
});
