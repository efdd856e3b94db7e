// The demo school's previous year (for the medal candidates, whose grade-10 marks belong to it): the academic year before
// the demo's, closed, in halves; its classes 10А and 10Б holding today's 11А and 11Б (the contingent book says so: an
// enrolment order at that year's start and the promotion 10 → 11 at this year's, in place of this year's enrolment);
// a whole-class group per subject of the grade-10 plan, taught by whoever teaches the subject in 11А / 11Б now; and for
// every student the two half-year marks and the year mark — one value a subject, mostly 4 and 5 with some 3, chosen by a
// hash of the student's name and the subject (deterministic across seeds). Three students of 11А/11Б (the first two of
// 11А and the first of 11Б by name) get the marks the medal report shows: all 5 (I degree), two 4 (II degree), one 3
// (near). Their marks of this year are made to match in demo-medals.ts. Run after seedDemoJournal.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../db/client.ts';
import { withSchool, type Tx } from '../../db/tenant.ts';
import { classMemberships, orderItems, orders } from '../../modules/contingent/schema.ts';
import { rebuildMemberships } from '../../modules/contingent/service.ts';
import { curriculumItems, groupTeachers, teachingGroups } from '../../modules/curriculum/schema.ts';
import { periodClosures, periodMarks } from '../../modules/journal/schema.ts';
import { students } from '../../modules/people/schema.ts';
import { academicYears, periods, periodSchemes, schoolClasses } from '../../modules/setup/schema.ts';
import type { BuiltSchool } from './builder.ts';
import { demoCalendar, type DemoCalendar } from './calendar.ts';
import { demoPlan } from './demo-curriculum.ts';

/** The grade-10 marks of the showcase students (subject → mark; the rest 5). */
export const SHOWCASE_10: Record<'first' | 'second' | 'near', Record<string, string>> = {
  first: {}, second: { 'Физика': '4', 'Химия': '4' }, near: { 'Физика': '3' },
};

/** FNV-1a of a text: a stable "random" choice. */
export function stableHash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return h >>> 0;
}

/** A usual student's mark in a subject: 5 in half the cases, 4 in four of ten, 3 in the rest. */
export const usualMark = (student: string, subject: string) => {
  const x = stableHash(`${student}|${subject}`) % 100;
  return x < 50 ? '5' : x < 93 ? '4' : '3';
};

export type PreviousYear = { yearId: string; showcase: { first: string; second: string; near: string } };

export async function seedDemoPreviousYear(db: Db, built: BuiltSchool, cal: DemoCalendar = demoCalendar()): Promise<PreviousYear> {
  return withSchool(db, built.schoolId, (tx) => seed(tx, built, cal));
}

async function seed(tx: Tx, built: BuiltSchool, cal: DemoCalendar): Promise<PreviousYear> {
  const { schoolId } = built;
  const y = cal.startYear - 1;
  const yearId = randomUUID();
  const start = `${y}-09-01`;
  await tx.insert(academicYears).values({ schoolId, id: yearId, name: `${y}/${y + 1}`, startsOn: start, endsOn: `${y + 1}-08-31` });
  const schemeId = randomUUID();
  await tx.insert(periodSchemes).values({ schoolId, id: schemeId, yearId, name: 'Полугодия', kind: 'halves' });
  const halves = [
    { id: randomUUID(), name: '1 полугодие', startsOn: start, endsOn: `${y}-12-27` },
    { id: randomUUID(), name: '2 полугодие', startsOn: `${y + 1}-01-12`, endsOn: `${y + 1}-05-26` },
  ];
  await tx.insert(periods).values(halves.map((h, i) => ({ schoolId, schemeId, ordinal: i + 1, ...h })));

  const enrolment = randomUUID();
  const promotion = randomUUID();
  await tx.insert(orders).values([
    { schoolId, id: enrolment, number: '97-К', date: start, kind: 'enrolment', title: `О контингенте обучающихся на ${y}/${y + 1} учебный год` },
    { schoolId, id: promotion, number: '108-К', date: `${y + 1}-05-29`, kind: 'promotion', title: 'О переводе обучающихся в следующий класс' },
  ]);
  const showcase: Partial<PreviousYear['showcase']> = {};
  for (const letter of ['А', 'Б']) {
    const nowId = built.classes.get(`11${letter}`);
    if (!nowId) continue;
    const [now] = await tx.select({ teacher: schoolClasses.classTeacherId }).from(schoolClasses)
      .where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, nowId)));
    const classId = randomUUID();
    await tx.insert(schoolClasses).values({
      schoolId, id: classId, yearId, grade: 10, letter, name: `10${letter}`, schemeId, classTeacherId: now?.teacher ?? null,
    });
    const roll = await tx.select({ id: students.id, lastName: students.lastName, firstName: students.firstName }).from(classMemberships)
      .innerJoin(students, and(eq(students.schoolId, classMemberships.schoolId), eq(students.id, classMemberships.studentId)))
      .where(and(eq(classMemberships.schoolId, schoolId), eq(classMemberships.classId, nowId), eq(classMemberships.startsOn, cal.year.startsOn)))
      .orderBy(asc(students.lastName), asc(students.firstName));
    const ids = roll.map((r) => r.id);
    await moveHistory(tx, { schoolId, ids, classId, nowId, start, thisStart: cal.year.startsOn, enrolment, promotion });
    await tx.update(schoolClasses).set({ previousClassId: classId }).where(and(eq(schoolClasses.schoolId, schoolId), eq(schoolClasses.id, nowId)));
    const picked = letter === 'А' ? { first: ids[0], second: ids[1] } : { near: ids[0] };
    Object.assign(showcase, picked);
    const groups = await groupsOf(tx, { schoolId, yearId, classId, className: `10${letter}`, nowId, start, subjects: built.subjects });
    const values = roll.flatMap((st) => groups.map((g) => {
      const kind = st.id === showcase.first ? 'first' : st.id === showcase.second ? 'second' : st.id === showcase.near ? 'near' : null;
      const value = kind ? SHOWCASE_10[kind][g.subject] ?? '5' : usualMark(`${st.lastName} ${st.firstName}`, g.subject);
      return { groupId: g.id, studentId: st.id, value };
    }));
    await tx.insert(periodMarks).values(values.flatMap((v) => [
      ...halves.map((h) => ({ schoolId, ...v, kind: 'period', periodId: h.id })), { schoolId, ...v, kind: 'year', periodId: null },
    ]));
    await tx.insert(periodClosures).values(groups.flatMap((g) => halves.map((h) => ({
      schoolId, groupId: g.id, periodId: h.id, closedAt: new Date(`${h.endsOn}T13:00:00Z`),
    }))));
  }
  if (!showcase.first || !showcase.second || !showcase.near) throw new Error('seedDemoPreviousYear: 11А and 11Б need students');
  // Closed last: from now on the database refuses writes to that year's rows.
  await tx.update(academicYears).set({ status: 'closed', closedAt: new Date(`${y + 1}-06-30T12:00:00Z`) })
    .where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, yearId)));
  await tx.update(academicYears).set({ previousYearId: yearId })
    .where(and(eq(academicYears.schoolId, schoolId), eq(academicYears.id, built.yearId)));
  return { yearId, showcase: showcase as PreviousYear['showcase'] };
}

/**
 * The contingent book of the class: enrolled into the grade-10 class at that year's start, promoted into this year's
 * grade-11 class at this year's start (in place of this year's enrolment), memberships rebuilt from the orders.
 */
async function moveHistory(tx: Tx, a: {
  schoolId: string; ids: string[]; classId: string; nowId: string; start: string; thisStart: string; enrolment: string; promotion: string;
}) {
  const { schoolId, ids } = a;
  if (ids.length === 0) return;
  await tx.delete(orderItems).where(and(eq(orderItems.schoolId, schoolId), inArray(orderItems.studentId, ids), eq(orderItems.toClassId, a.nowId),
    eq(orderItems.effectiveOn, a.thisStart), isNull(orderItems.fromClassId)));
  await tx.insert(orderItems).values(ids.flatMap((studentId) => [
    { schoolId, orderId: a.enrolment, studentId, toClassId: a.classId, effectiveOn: a.start },
    { schoolId, orderId: a.promotion, studentId, fromClassId: a.classId, toClassId: a.nowId, effectiveOn: a.thisStart },
  ]));
  await rebuildMemberships(tx, schoolId, ids);
}

/** A curriculum item and a whole-class group per subject of the grade-10 plan, with this year's teacher of the subject in 11. */
async function groupsOf(tx: Tx, a: {
  schoolId: string; yearId: string; classId: string; className: string; nowId: string; start: string; subjects: ReadonlyMap<string, string>;
}) {
  const { schoolId } = a;
  const teachers = new Map(rowsOf<{ subjectId: string; staffId: string }>(await tx.execute(sql`
    select distinct on (g.subject_id) g.subject_id as "subjectId", gt.staff_id as "staffId" from teaching_groups g
    join group_teachers gt on gt.school_id = g.school_id and gt.group_id = g.id
    where g.school_id = ${schoolId} and g.class_id = ${a.nowId} order by g.subject_id, g.name, gt.starts_on`)).map((r) => [r.subjectId, r.staffId]));
  const out: Array<{ id: string; subject: string }> = [];
  for (const [subject, hours] of demoPlan(10)) {
    const subjectId = a.subjects.get(subject);
    if (!subjectId) continue;
    const itemId = randomUUID();
    const id = randomUUID();
    await tx.insert(curriculumItems).values({ schoolId, id: itemId, classId: a.classId, subjectId, hoursPerWeek: String(hours) });
    await tx.insert(teachingGroups).values({
      schoolId, id, yearId: a.yearId, subjectId, kind: 'class', classId: a.classId, curriculumItemId: itemId, name: `${a.className} — ${subject}`,
      hoursPerWeek: String(hours),
    });
    const staffId = teachers.get(subjectId);
    const endsOn = `${Number(a.start.slice(0, 4)) + 1}-09-01`; // exclusive: the whole year
    if (staffId) await tx.insert(groupTeachers).values({ schoolId, groupId: id, staffId, startsOn: a.start, endsOn });
    out.push({ id, subject });
  }
  return out;
}
