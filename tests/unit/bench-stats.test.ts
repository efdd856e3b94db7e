import { describe, expect, it } from 'vitest';
import { cellSaves } from '../../bench/cell-saves.ts';
import { loadLine, parseConns, pctOfBaseline, percentile, runLine, summarize } from '../../bench/stats.ts';

describe('bench arithmetic', () => {
  it.each([
    [[], 0.5, NaN], [[7], 0.99, 7], [[1, 2, 3, 4], 0.5, 2], [[1, 2, 3, 4], 0.95, 4], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 10],
    [Array.from({ length: 100 }, (_, i) => i + 1), 0.99, 99], [Array.from({ length: 100 }, (_, i) => i + 1), 0.5, 50],
  ])('nearest-rank percentile of %j at %f is %f', (sorted, p, expected) => expect(percentile(sorted, p)).toBe(expected));

  it('summarizes every latency, in any order, into rps and percentiles', () => {
    const latencies = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1 ms
    expect(summarize({ latencies, seconds: 8, errors: 3 })).toEqual({ rps: 25, p50_ms: 100, p95_ms: 190, p99_ms: 198, errors: 3 });
    expect(summarize({ latencies: [1.23456], seconds: 3, errors: 0 }))
      .toEqual({ rps: 0.3, p50_ms: 1.23, p95_ms: 1.23, p99_ms: 1.23, errors: 0 });
  });

  it.each([[50, 200, 25], [1, 3, 33.3], [2, 3, 66.7], [300, 200, 150], [0, 100, 0], [10, 0, null], [10, NaN, null]])(
    '%f rps against a baseline of %f is %s %%', (rps, baseline, expected) => expect(pctOfBaseline(rps, baseline)).toBe(expected));

  it('prints the lines with exactly their fields, in their order', () => {
    const s = { rps: 52.2, p50_ms: 17.54, p95_ms: 26.87, p99_ms: 37.68, errors: 0 };
    expect(JSON.stringify(runLine('journal_grid', s))).toBe('{"name":"journal_grid","p50_ms":17.54,"p95_ms":26.87,"rps":52.2,"errors":0}');
    expect(JSON.stringify(loadLine('journal_grid', 16, s, 4738))).toBe(
      '{"name":"journal_grid","conc":16,"rps":52.2,"p50_ms":17.54,"p95_ms":26.87,"p99_ms":37.68,"errors":0,"pct_of_baseline":1.1}');
  });

  it('reads BENCH_CONNS', () => {
    expect(parseConns(undefined)).toEqual([1, 16, 64]);
    expect(parseConns(' ')).toEqual([1, 16, 64]);
    expect(parseConns('1, 16')).toEqual([1, 16]);
    expect(() => parseConns('1,0')).toThrow(/BENCH_CONNS/);
    expect(() => parseConns('1,x')).toThrow(/BENCH_CONNS/);
  });
});

describe('cell saves', () => {
  const cells = () => [{ lessonId: 'l1', studentId: 's1', was: '' }, { lessonId: 'l2', studentId: 's1', was: '4' }];
  const answer = (display: string) => JSON.stringify({ ok: true, display });

  it('gives each request in flight a cell of its own and alternates 5 and 4 in it', () => {
    const saves = cellSaves(cells());
    const [a, b] = [{}, {}];
    expect(saves.next(a)).toEqual({ lessonId: 'l1', studentId: 's1', column: 1, value: '5', was: '' });
    expect(saves.next(b)).toMatchObject({ lessonId: 'l2', value: '5', was: '4' });
    saves.seen(200, answer('5'), a);
    expect(saves.next({})).toMatchObject({ lessonId: 'l1', value: '4', was: '5' });
  });

  it('takes what a 409 says the cell holds, and frees the cells of a stopped run on reset', () => {
    const saves = cellSaves(cells());
    const a = {};
    saves.next(a);
    saves.seen(409, JSON.stringify({ ok: false, display: '3' }), a);
    saves.next({}); // l2, never answered
    expect(saves.next({})).toMatchObject({ lessonId: 'l1', value: '5', was: '3' });
    saves.reset();
    expect(saves.next({})).toMatchObject({ lessonId: 'l1' });
    expect(saves.next({})).toMatchObject({ lessonId: 'l2' });
  });
});
