import { describe, expect, it } from 'vitest';
import { solveWeek, type SolverBells, type SolverClass, type SolverUnit } from '../../src/cli/seed/timetable-solver.ts';

const bells: SolverBells = new Map([
  [1, new Map([[1, { startsAt: '08:30', endsAt: '09:15' }], [2, { startsAt: '09:25', endsAt: '10:10' }], [3, { startsAt: '10:30', endsAt: '11:15' }],
    [4, { startsAt: '11:35', endsAt: '12:20' }], [5, { startsAt: '12:30', endsAt: '13:15' }], [6, { startsAt: '13:25', endsAt: '14:10' }]])],
  [2, new Map([[1, { startsAt: '13:30', endsAt: '14:15' }], [2, { startsAt: '14:25', endsAt: '15:10' }], [3, { startsAt: '15:25', endsAt: '16:10' }]])],
]);
const opts = { seed: 1, maxMs: 1000, maxIterations: 3000 };

/** Every (resource, weekday) pair with lessons meeting in time: same shift and number, or overlapping bells across shifts. */
function clashes(classes: readonly SolverClass[], units: readonly SolverUnit[], placed: ReturnType<typeof solveWeek>['placed']) {
  const at = placed.map((p) => {
    const shift = classes.find((c) => c.id === units[p.unit]!.classId)!.shift;
    const bell = bells.get(shift)!.get(p.lessonNumber)!;
    return { ...p, s: bell.startsAt, e: bell.endsAt };
  });
  const out: string[] = [];
  at.forEach((a, i) => at.slice(i + 1).forEach((b) => {
    if (a.weekday !== b.weekday || !(a.s < b.e && b.s < a.e)) return;
    const shared = units[a.unit]!.resources.filter((r) => units[b.unit]!.resources.includes(r));
    if (shared.length || units[a.unit]!.classId === units[b.unit]!.classId) out.push(`${a.weekday}/${a.s} ${shared.join(',')}`);
  }));
  return out;
}

describe('solveWeek', () => {
  it('places every hour in each class\'s even grid, numbered from 1, with no teacher in two places and a subject at most once a day', () => {
    const classes: SolverClass[] = [
      { id: '5a', shift: 1, lessons: [4, 4, 4, 4, 4], saturday: false },
      { id: '5b', shift: 1, lessons: [4, 4, 4, 4, 4], saturday: false },
      { id: '2b', shift: 2, lessons: [2, 2, 2, 2, 2], saturday: false },
    ];
    const units: SolverUnit[] = [
      { classId: '5a', hours: 5, maxPerDay: 1, resources: ['t|maths', 'r|201'] },
      { classId: '5a', hours: 5, maxPerDay: 1, resources: ['t|russian', 'r|202'] },
      { classId: '5a', hours: 5, maxPerDay: 1, resources: ['t|en1', 'r|203', 't|en2', 'r|204'] },
      { classId: '5a', hours: 5, maxPerDay: 1, resources: ['t|history', 'r|205'] },
      { classId: '5b', hours: 5, maxPerDay: 1, resources: ['t|maths', 'r|201'] },
      { classId: '5b', hours: 5, maxPerDay: 1, resources: ['t|russian', 'r|202'] },
      { classId: '5b', hours: 5, maxPerDay: 1, resources: ['t|en1', 'r|203', 't|en2', 'r|204'] },
      { classId: '5b', hours: 5, maxPerDay: 1, resources: ['t|history', 'r|205'] },
      { classId: '2b', hours: 5, maxPerDay: 1, resources: ['t|en1', 'r|203'] }, // 13:30 meets lesson 6 of the first shift only
      { classId: '2b', hours: 5, maxPerDay: 1, resources: ['t|primary', 'r|104'] },
    ];
    const result = solveWeek(classes, units, bells, opts);
    expect(result.unplaced).toBe(0);
    expect(result.placed).toHaveLength(50);
    expect(clashes(classes, units, result.placed)).toEqual([]);
    for (const c of classes) {
      for (let d = 1; d <= 5; d++) {
        const day = result.placed.filter((p) => units[p.unit]!.classId === c.id && p.weekday === d);
        expect(day.map((p) => p.lessonNumber).sort()).toEqual(Array.from({ length: c.lessons[d - 1]! }, (_, i) => i + 1));
        expect(new Set(day.map((p) => p.unit)).size).toBe(day.length);
      }
    }
    expect(solveWeek(classes, units, bells, opts).placed).toEqual(result.placed); // the same seed, the same week
  });

  it('an impossible week: what does not fit is left unplaced, never double-booked, days still numbered from 1', () => {
    const classes: SolverClass[] = [
      { id: 'a', shift: 2, lessons: [3, 3, 3, 3, 3], saturday: false },
      { id: 'b', shift: 2, lessons: [3, 3, 3, 3, 3], saturday: false },
    ];
    const units: SolverUnit[] = [ // one teacher for both classes: 30 lessons in 15 bells
      { classId: 'a', hours: 15, maxPerDay: 3, resources: ['t|x'] },
      { classId: 'b', hours: 15, maxPerDay: 3, resources: ['t|x'] },
    ];
    const result = solveWeek(classes, units, bells, { ...opts, maxIterations: 200 });
    expect(result.unplaced).toBe(15);
    expect(result.placed).toHaveLength(15);
    expect(clashes(classes, units, result.placed)).toEqual([]);
    for (const c of classes) {
      for (let d = 1; d <= 5; d++) {
        const numbers = result.placed.filter((p) => units[p.unit]!.classId === c.id && p.weekday === d).map((p) => p.lessonNumber).sort();
        expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => i + 1));
      }
    }
  });
});
