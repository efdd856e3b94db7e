import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/modules/accounts/passwords.ts';
import { buildSchool, type BuiltSchool } from '../../src/cli/seed/builder.ts';
import { seedDemoContingent } from '../../src/cli/seed/demo-contingent.ts';
import { seedDemoCurriculum } from '../../src/cli/seed/demo-curriculum.ts';
import { demoSchoolSpec } from '../../src/cli/seed/demo-school.ts';
import { seedDemoTimetable } from '../../src/cli/seed/demo-timetable.ts';
import { loadFacts } from '../../src/modules/schedule/timetable-facts.ts';
import { slotsInForce } from '../../src/modules/schedule/timetable-queries.ts';
import { conflictsWithin } from '../../src/modules/schedule/timetable-rules.ts';
import { teachingGroups } from '../../src/modules/curriculum/schema.ts';
import { openTestDatabase } from '../support/app.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let built: BuiltSchool;
let result: Awaited<ReturnType<typeof seedDemoTimetable>>;

beforeAll(async () => {
  db = await openTestDatabase();
  built = await buildSchool(db.database.db, demoSchoolSpec(), await hashPassword('x-demo-pass-1'));
  await seedDemoContingent(db.database.db, built);
  await seedDemoCurriculum(db.database.db, built);
  result = await seedDemoTimetable(db.database.db, built);
}, 180_000);
afterAll(async () => db?.drop());

describe('demo timetable', () => {
  it('is built quickly and places the groups', () => {
    console.log(`demo timetable: ${result.slots} slots in ${result.ms} ms; left out: ${result.skipped.length}`, result.skipped.slice(0, 20));
    expect(result.ms).toBeLessThan(3000);
    expect(result.slots).toBeGreaterThan(500);
  });

  it('has two versions, both without conflicts, lessons numbered from 1 without gaps per class', async () => {
    const versions = await slotsInForce(db.database.db, { schoolId: built.schoolId, yearId: built.yearId });
    expect(versions.map((v) => [v.validFrom, v.validUntil])).toEqual([['2026-09-01', '2026-11-16'], ['2026-11-16', null]]);
    const facts = await loadFacts(db.database.db, { schoolId: built.schoolId, yearId: built.yearId, date: '2026-09-01' });
    for (const v of versions) {
      const slots = v.slots.map((s) => ({ ...s, parity: s.weekParity as 'A' | 'B' | null }));
      expect(conflictsWithin(slots, facts).map((c) => c.message)).toEqual([]);
      const byClassDay = new Map<string, Set<number>>();
      for (const s of slots) {
        const classId = facts.groups.get(s.groupId)!.classId;
        if (!classId) continue; // electives of several classes come after the lessons
        const k = `${classId}|${s.weekday}`;
        byClassDay.set(k, (byClassDay.get(k) ?? new Set()).add(s.lessonNumber));
      }
      for (const numbers of byClassDay.values()) expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: numbers.size }, (_, i) => i + 1));
    }
    expect(versions[0]!.slots.some((s) => facts.groups.get(s.groupId)!.kind === 'cross_class')).toBe(true);
    const moved = versions[1]!.slots.filter((s) => !versions[0]!.slots.some((o) => o.groupId === s.groupId && o.weekday === s.weekday && o.lessonNumber === s.lessonNumber));
    expect(moved.length).toBeGreaterThan(0);
  });

  it('every class has lessons on each of Mon–Fri, the days differing by at most 2 lessons', async () => {
    const versions = await slotsInForce(db.database.db, { schoolId: built.schoolId, yearId: built.yearId });
    const facts = await loadFacts(db.database.db, { schoolId: built.schoolId, yearId: built.yearId, date: '2026-09-01' });
    for (const v of versions) {
      const perDay = new Map<string, number[]>();
      for (const classId of built.classes.values()) perDay.set(classId, [0, 0, 0, 0, 0]);
      const seen = new Set<string>();
      for (const s of v.slots) {
        const classId = facts.groups.get(s.groupId)!.classId;
        const key = `${classId}|${s.weekday}|${s.lessonNumber}`;
        if (!classId || s.weekday > 5 || seen.has(key)) continue; // subgroups of one split share a lesson
        seen.add(key);
        perDay.get(classId)![s.weekday - 1]! += 1;
      }
      for (const [classId, days] of perDay) {
        const label = `${facts.classNames.get(classId)} ${v.validFrom}: ${days.join(',')}`;
        expect(Math.min(...days), label).toBeGreaterThan(0);
        expect(Math.max(...days) - Math.min(...days), label).toBeLessThanOrEqual(2);
      }
    }
  });

  it('the teacher Иванова teaches maths in 5А at least 4 times a week', async () => {
    const [v] = await slotsInForce(db.database.db, { schoolId: built.schoolId, yearId: built.yearId });
    const groups = await db.database.db.select({ id: teachingGroups.id }).from(teachingGroups)
      .where(and(eq(teachingGroups.schoolId, built.schoolId), eq(teachingGroups.classId, built.classes.get('5А')!), eq(teachingGroups.subjectId, built.subjects.get('Математика')!)));
    expect(v!.slots.filter((s) => groups.some((g) => g.id === s.groupId) && s.staffId === built.staff.get('teacher')).length).toBeGreaterThanOrEqual(4);
  });
});
