import { describe, expect, it } from 'vitest';
import { lineChartSvg } from '../../src/modules/reports/core/line-chart.ts';

describe('lineChartSvg', () => {
  const svg = lineChartSvg({
    title: '5А <класс>', labels: ['1 четверть', '2 четверть', '3 четверть'],
    series: [{ name: 'Качество', values: [50, 33.3, null] }, { name: 'Успеваемость', values: [100, null, 80] }],
  });
  it('a point per value with its label, a line only between neighbouring values', () => {
    expect(svg).toContain('Качество, 2 четверть: 33,3 %');
    expect(svg).toContain('Успеваемость, 3 четверть: 80 %');
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg.match(/<polyline/g)).toHaveLength(1); // Качество 1→2; Успеваемость broken by the missing 2nd
  });
  it('escapes texts, scales 0–100 (a value above is drawn at the top)', () => {
    expect(svg).toContain('5А &lt;класс&gt;');
    expect(svg).not.toContain('<класс>');
    const top = lineChartSvg({ title: 't', labels: ['a', 'b'], series: [{ name: 's', values: [100, 150] }] });
    const ys = [...top.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => m[1]);
    expect(ys[0]).toBe(ys[1]);
  });
});
