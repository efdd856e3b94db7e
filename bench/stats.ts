// The arithmetic of a measurement (no I/O): nearest-rank percentiles over every response's latency, requests per second,
// and the JSON lines `npm run bench` (one connection) and `npm run bench:load` (side by side with the baseline) print.

/** What one autocannon run measured: every response's latency (ms, any order), its duration (s), the failed requests. */
export type Sample = { latencies: readonly number[]; seconds: number; errors: number };

export type Stats = { rps: number; p50_ms: number; p95_ms: number; p99_ms: number; errors: number };

/** `npm run bench`'s line (its fields and their order are what earlier runs printed: keep them). */
export type Line = { name: string; p50_ms: number; p95_ms: number; rps: number; errors: number };

/** `npm run bench:load`'s line: a page (or the baseline itself) at `conc` connections. */
export type LoadLine = {
  name: string; conc: number; rps: number; p50_ms: number; p95_ms: number; p99_ms: number; errors: number;
  pct_of_baseline: number | null;
};

/** Nearest-rank percentile of sorted values (NaN when there are none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1]!;
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** Percentiles (ms, 2 decimals) and requests per second (1 decimal) of a run; every answered request counts, failed ones too. */
export function summarize(s: Sample): Stats {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const q = (p: number) => round(percentile(sorted, p));
  return {
    rps: s.seconds > 0 ? round(sorted.length / s.seconds, 1) : 0,
    p50_ms: q(0.5), p95_ms: q(0.95), p99_ms: q(0.99), errors: s.errors,
  };
}

/** A page's throughput as a percentage of the baseline's at the same connections (1 decimal); null without a baseline. */
export function pctOfBaseline(rps: number, baselineRps: number): number | null {
  if (!(baselineRps > 0)) return null;
  return round((rps / baselineRps) * 100, 1);
}

export function runLine(name: string, s: Stats): Line {
  return { name, p50_ms: s.p50_ms, p95_ms: s.p95_ms, rps: s.rps, errors: s.errors };
}

export function loadLine(name: string, conc: number, s: Stats, baselineRps: number): LoadLine {
  return {
    name, conc, rps: s.rps, p50_ms: s.p50_ms, p95_ms: s.p95_ms, p99_ms: s.p99_ms, errors: s.errors,
    pct_of_baseline: pctOfBaseline(s.rps, baselineRps),
  };
}

/** `BENCH_CONNS=1,16,64`: positive whole numbers, in the order given; the default when unset or empty. */
export function parseConns(value: string | undefined, fallback: readonly number[] = [1, 16, 64]): number[] {
  if (!value?.trim()) return [...fallback];
  return value.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 1) throw new Error(`bench: BENCH_CONNS: «${part}» is not a number of connections`);
    return n;
  });
}
