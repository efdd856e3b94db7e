// A small weekly-timetable solver for the demo seed (pure, no database). Every class gets a fixed grid — lessons 1..k on
// each weekday, k chosen by the caller (the hours spread evenly) — and the class's lessons are dealt into its cells; then
// min-conflicts repair swaps two cells of one class until no teacher or room is in two places at once and no subject
// exceeds its lessons a day. Swaps keep the grid, so lessons stay numbered from 1 without gaps. A lesson that cannot be
// fitted in time is dropped from the end of its day and then appended after the day's last lesson where that is free.

export type SolverBells = ReadonlyMap<number, ReadonlyMap<number, { startsAt: string; endsAt: string }>>;
/** One lesson source of a class: a whole-class group or the parallel subgroups of one split; resources are teacher/room keys. */
export type SolverUnit = { classId: string; hours: number; maxPerDay: number; resources: readonly string[] };
/** lessons[i] = the lessons of the class on weekday i + 1 (Mon..Fri). */
export type SolverClass = { id: string; shift: number; lessons: readonly number[]; saturday: boolean };
export type Placement = { unit: number; weekday: number; lessonNumber: number };

type Cell = { c: number; d: number; n: number; t: number; u: number };

export function solveWeek(classes: readonly SolverClass[], units: readonly SolverUnit[], bells: SolverBells, opts: { seed: number; maxMs: number; maxIterations: number }) {
  const started = Date.now();
  let seed = opts.seed;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

  // Time slots (shift, lesson number) and which of them run at the same time (other shifts: overlapping bells).
  const tsOf = new Map<string, number>();
  const ts: Array<{ shift: number; s: string; e: string }> = [];
  for (const [shift, m] of bells) for (const [n, b] of m) { tsOf.set(`${shift}|${n}`, ts.length); ts.push({ shift, s: b.startsAt.slice(0, 5), e: b.endsAt.slice(0, 5) }); }
  const meets = ts.map((a, i) => ts.flatMap((b, j) => (i === j || (a.shift !== b.shift && a.s < b.e && b.s < a.e) ? [j] : [])));
  const T = ts.length;
  const D = 7;

  const resId = new Map<string, number>();
  const res = units.map((u) => [...new Set(u.resources)].map((k) => resId.get(k) ?? (resId.set(k, resId.size), resId.size - 1)));
  const occ = new Int16Array(Math.max(1, resId.size) * D * T);
  const perDay = new Int16Array(units.length * D);
  const put = (u: number, d: number, t: number, k: number) => {
    for (const r of res[u]!) occ[(r * D + d) * T + t]! += k;
    perDay[u * D + d]! += k;
  };
  /** Lessons meeting lesson u at (d, t) with a teacher or room of u; u itself not counted (take it out first). */
  const meetings = (u: number, d: number, t: number) => {
    let c = 0;
    for (const r of res[u]!) for (const j of meets[t]!) c += occ[(r * D + d) * T + j]!;
    return c;
  };
  const excess = (u: number, d: number) => Math.max(0, perDay[u * D + d]! + 1 - units[u]!.maxPerDay);
  /** The repair's cost: a meeting weighs 2, a lesson too many of the subject that day 4 (weighed lighter, the repair got
   *  stuck on those in about half the runs: no single swap removed one without a meeting). */
  const clashes = (u: number, d: number, t: number) => 2 * meetings(u, d, t) + 4 * excess(u, d);
  const costOf = (x: Cell) => {
    put(x.u, x.d, x.t, -1);
    const c = clashes(x.u, x.d, x.t);
    put(x.u, x.d, x.t, 1);
    return c;
  };

  // The grids, dealt: each lesson to the day with room where its subject has the fewest lessons yet.
  const left = units.map((u) => u.hours);
  const cells: Cell[] = [];
  const byClass: number[][] = classes.map(() => []);
  classes.forEach((cl, c) => {
    const cap = cl.lessons.map((k) => Math.min(k, bells.get(cl.shift)?.size ?? 0));
    const days: number[][] = cap.map(() => []);
    const mine = units.map((_, i) => i).filter((i) => units[i]!.classId === cl.id).sort((a, b) => units[b]!.hours - units[a]!.hours);
    for (const u of mine) {
      for (let h = 0; h < units[u]!.hours; h++) {
        let best = -1;
        for (let d = 0; d < days.length; d++) {
          if (days[d]!.length >= cap[d]!) continue;
          const same = (x: number) => days[x]!.filter((v) => v === u).length;
          if (best < 0 || same(d) < same(best) || (same(d) === same(best) && cap[d]! - days[d]!.length > cap[best]! - days[best]!.length)) best = d;
        }
        if (best >= 0) days[best]!.push(u);
      }
    }
    days.forEach((list, d) => {
      for (let i = list.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [list[i], list[j]] = [list[j]!, list[i]!]; }
      list.forEach((u, k) => {
        const cell = { c, d: d + 1, n: k + 1, t: tsOf.get(`${cl.shift}|${k + 1}`)!, u };
        byClass[c]!.push(cells.length);
        cells.push(cell);
        put(u, cell.d, cell.t, 1);
        left[u]! -= 1;
      });
    });
  });

  let dropped = 0;
  const swap = (a: Cell, b: Cell) => {
    put(a.u, a.d, a.t, -1);
    put(b.u, b.d, b.t, -1);
    [a.u, b.u] = [b.u, a.u];
    put(a.u, a.d, a.t, 1);
    put(b.u, b.d, b.t, 1);
  };
  /** Takes the lesson of `a` out of the week: it moves to the last cell of its day, which is then removed. */
  const drop = (a: Cell) => {
    const last = byClass[a.c]!.map((i) => cells[i]!).filter((x) => x.u >= 0 && x.d === a.d).sort((x, y) => y.n - x.n)[0]!;
    if (last !== a) swap(a, last);
    put(last.u, last.d, last.t, -1);
    left[last.u]! += 1;
    last.u = -1;
    dropped += 1;
  };

  let iterations = 0;
  let sinceDrop = 0;
  for (;;) {
    const bad = cells.filter((x) => x.u >= 0 && costOf(x) > 0);
    if (!bad.length) break;
    if (Date.now() - started > opts.maxMs) { bad.forEach((x) => x.u >= 0 && costOf(x) > 0 && drop(x)); continue; }
    if (sinceDrop >= opts.maxIterations) { drop(pick(bad)); sinceDrop = 0; continue; }
    iterations += 1;
    sinceDrop += 1;
    const a = pick(bad);
    put(a.u, a.d, a.t, -1);
    const here = clashes(a.u, a.d, a.t);
    let best = Infinity;
    let choice: Cell[] = [];
    for (const i of byClass[a.c]!) {
      const b = cells[i]!;
      if (b === a || b.u < 0 || b.u === a.u) continue;
      put(b.u, b.d, b.t, -1);
      const delta = clashes(a.u, b.d, b.t) + clashes(b.u, a.d, a.t) - here - clashes(b.u, b.d, b.t);
      put(b.u, b.d, b.t, 1);
      if (delta < best) { best = delta; choice = [b]; } else if (delta === best) choice.push(b);
    }
    put(a.u, a.d, a.t, 1);
    if (!choice.length) continue;
    if (best <= 0 || rnd() < 0.2) swap(a, pick(choice));
  }

  // Dropped lessons: after the last lesson of a day (Saturday too where allowed) with the teacher and room free.
  const lastOf = (c: number, d: number) => Math.max(0, ...byClass[c]!.map((i) => cells[i]!).filter((x) => x.u >= 0 && x.d === d).map((x) => x.n));
  for (let pass = 0; pass < 2; pass++) {
    units.forEach((unit, u) => {
      const c = classes.findIndex((cl) => cl.id === unit.classId);
      if (c < 0) return;
      for (let d = 1; d <= (classes[c]!.saturday ? 6 : 5) && left[u]! > 0; d++) {
        const n = lastOf(c, d) + 1;
        const t = tsOf.get(`${classes[c]!.shift}|${n}`);
        if (t === undefined) continue;
        if (meetings(u, d, t) > 0 || excess(u, d) > pass) continue; // the second pass allows one lesson too many of the subject
        byClass[c]!.push(cells.length);
        cells.push({ c, d, n, t, u });
        put(u, d, t, 1);
        left[u]! -= 1;
      }
    });
  }
  const placed: Placement[] = cells.filter((x) => x.u >= 0).map((x) => ({ unit: x.u, weekday: x.d, lessonNumber: x.n }));
  return { placed, left, iterations, dropped, unplaced: left.reduce((s, k) => s + k, 0) };
}
