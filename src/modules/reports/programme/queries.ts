// Programme completion over the live data: the year's groups with their КТП hours, curriculum hours and lessons.
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { curriculumItems, groupTeachers, ktpTopics, teachingGroups } from '../../curriculum/schema.ts';
import { staffNames } from '../../schedule/timetable-facts.ts';
import { currentYear } from '../../setup/lookups.ts';
import { periods, periodSchemes, schoolClasses, subjects } from '../../setup/schema.ts';
import { isCancelled, lessonRows, type LessonRow, type Q } from '../lesson-rows.ts';
import type { Column, ReportTable } from '../core/table.ts';
import { curriculumYearHours, laidOutLessons, programmeFigures, yearShortfall, type DateWindow } from './rules.ts';

export type ReportPeriod = { id: string; name: string; startsOn: string; endsOn: string; yearId: string };

/** A period of the school with its year; undefined for another school's or an unknown id. */
export async function periodWithYear(db: Q, { schoolId, periodId }: { schoolId: string; periodId: string }): Promise<ReportPeriod | undefined> {
  const [row] = await db.select({ id: periods.id, name: periods.name, startsOn: periods.startsOn, endsOn: periods.endsOn, yearId: periodSchemes.yearId })
    .from(periods).innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
    .where(and(eq(periods.schoolId, schoolId), eq(periods.id, periodId))).limit(1);
  return row;
}

/**
 * The period a report opens without ?period=: of the year holding today, the shortest period holding today (a quarter
 * rather than a half), else the last one ended, else the first.
 */
export async function defaultPeriod(db: Q, { schoolId, today }: { schoolId: string; today: string }): Promise<ReportPeriod | undefined> {
  const year = await currentYear(db, { schoolId, date: today });
  if (!year) return undefined;
  const rows = await db.select({ id: periods.id, name: periods.name, startsOn: periods.startsOn, endsOn: periods.endsOn, yearId: periodSchemes.yearId })
    .from(periods).innerJoin(periodSchemes, and(eq(periodSchemes.schoolId, periods.schoolId), eq(periodSchemes.id, periods.schemeId)))
    .where(and(eq(periods.schoolId, schoolId), eq(periodSchemes.yearId, year.id))).orderBy(asc(periods.startsOn), asc(periods.endsOn));
  const length = (p: ReportPeriod) => Date.parse(p.endsOn) - Date.parse(p.startsOn);
  const holding = rows.filter((p) => p.startsOn <= today && today <= p.endsOn).sort((a, b) => length(a) - length(b))[0];
  return holding ?? rows.filter((p) => p.endsOn < today).at(-1) ?? rows[0];
}

/** The groups of a year (all, or these), with class, subject, hours a week and the КТП's hours. */
async function yearGroups(db: Q, { schoolId, yearId, groupIds }: { schoolId: string; yearId: string; groupIds: readonly string[] | null }) {
  const ktp = db.select({ groupId: ktpTopics.groupId, hours: sql<number>`sum(${ktpTopics.hours})::int`.as('hours') }).from(ktpTopics)
    .where(eq(ktpTopics.schoolId, schoolId)).groupBy(ktpTopics.groupId).as('ktp');
  return db.select({
    id: teachingGroups.id, name: teachingGroups.name, className: schoolClasses.name, grade: schoolClasses.grade, subject: subjects.name,
    hoursPerWeek: sql<string | null>`coalesce(${teachingGroups.hoursPerWeek}, ${curriculumItems.hoursPerWeek})`,
    ktpHours: sql<number>`coalesce(${ktp.hours}, 0)`.mapWith(Number),
  }).from(teachingGroups)
    .innerJoin(subjects, and(eq(subjects.schoolId, teachingGroups.schoolId), eq(subjects.id, teachingGroups.subjectId)))
    .leftJoin(schoolClasses, and(eq(schoolClasses.schoolId, teachingGroups.schoolId), eq(schoolClasses.id, teachingGroups.classId)))
    .leftJoin(curriculumItems, and(eq(curriculumItems.schoolId, teachingGroups.schoolId), eq(curriculumItems.id, teachingGroups.curriculumItemId)))
    .leftJoin(ktp, eq(ktp.groupId, teachingGroups.id))
    .where(and(eq(teachingGroups.schoolId, schoolId), eq(teachingGroups.yearId, yearId), groupIds ? inArray(teachingGroups.id, [...groupIds]) : undefined))
    .orderBy(asc(schoolClasses.grade), asc(schoolClasses.name), asc(subjects.name), asc(teachingGroups.name));
}

/** The teachers of each group on a date (several while a group is shared), «Фамилия И. О.» joined by commas. */
async function teachersOn(db: Q, { schoolId, groupIds, date }: { schoolId: string; groupIds: string[]; date: string }) {
  if (groupIds.length === 0) return new Map<string, string>();
  const rows = await db.select({ groupId: groupTeachers.groupId, staffId: groupTeachers.staffId }).from(groupTeachers)
    .where(and(eq(groupTeachers.schoolId, schoolId), inArray(groupTeachers.groupId, groupIds), lte(groupTeachers.startsOn, date),
      or(isNull(groupTeachers.endsOn), gt(groupTeachers.endsOn, date))));
  const names = await staffNames(db, schoolId);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.groupId, [...(out.get(r.groupId) ?? []), names.get(r.staffId) ?? '']);
  return new Map([...out].map(([g, list]) => [g, list.sort((a, b) => a.localeCompare(b, 'ru')).join(', ')]));
}

export const PROGRAMME_COLUMNS: Column[] = [
  { key: 'class', title: 'Класс', kind: 'text' },
  { key: 'group', title: 'Группа', kind: 'text' },
  { key: 'subject', title: 'Предмет', kind: 'text' },
  { key: 'teacher', title: 'Учитель', kind: 'text' },
  { key: 'planned', title: 'По КТП на дату, ч', kind: 'int' },
  { key: 'given', title: 'Дано, ч', kind: 'int' },
  { key: 'gap', title: 'Отставание, ч', kind: 'int' },
  { key: 'cancelled', title: 'Отменено', kind: 'int' },
  { key: 'extra', title: 'Доп. уроки', kind: 'int' },
  { key: 'ktpYear', title: 'КТП на год, ч', kind: 'int' },
  { key: 'curriculumYear', title: 'Учебный план на год, ч', kind: 'number' },
  { key: 'laidOut', title: 'Уроков в расписании на год', kind: 'int' },
  { key: 'shortfall', title: 'Не хватает уроков до КТП', kind: 'int' },
];

/**
 * One row per group of the period's year (all, or `groupIds`): the period's hours from its start to `window.to` (the
 * КТП's planned hours, given, the gap, cancelled and extra lessons) and the year's plan against the timetable.
 */
export async function programmeTable(db: Q, { schoolId, period, window, groupIds }: {
  schoolId: string; period: ReportPeriod; window: DateWindow; groupIds: readonly string[] | null;
}): Promise<ReportTable> {
  const groups = await yearGroups(db, { schoolId, yearId: period.yearId, groupIds });
  const ids = groups.map((g) => g.id);
  const [lessons, teachers] = await Promise.all([
    ids.length ? lessonRows(db, { schoolId, groupIds: ids }) : [],
    teachersOn(db, { schoolId, groupIds: ids, date: window.to < window.from ? window.from : window.to }),
  ]);
  const byGroup = new Map<string, LessonRow[]>();
  for (const l of lessons) {
    const list = byGroup.get(l.groupId);
    if (list) list.push(l); else byGroup.set(l.groupId, [l]);
  }
  const rows = groups.map((g) => {
    const own = (byGroup.get(g.id) ?? []).map((l) => ({ date: l.date, origin: l.origin, offTimetable: l.offTimetable, cancelled: isCancelled(l) }));
    const f = programmeFigures(own, g.ktpHours, window);
    const laidOut = laidOutLessons(own);
    return {
      class: g.className ?? '—', group: g.name, subject: g.subject, teacher: teachers.get(g.id) ?? '',
      planned: f.planned, given: f.given, gap: f.gap, cancelled: f.cancelled, extra: f.extra,
      ktpYear: g.ktpHours || null, curriculumYear: curriculumYearHours(g.hoursPerWeek === null ? null : Number(g.hoursPerWeek), g.grade),
      laidOut, shortfall: yearShortfall(g.ktpHours, laidOut), _class: (f.gap ?? 0) > 0 ? 'warn' : '',
    };
  });
  return { name: 'programme', title: `Выполнение программы: ${period.name}`, columns: PROGRAMME_COLUMNS, rows };
}
